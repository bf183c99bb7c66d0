"""Bulk work without the cyclic garbage collector's pauses.

An import builds hundreds of thousands of small containers (a dict per row, tuples per
datapoint) while the ones it keeps grow: each automatic collection walks all of them, and
they came to more than a third of a 20,000-row import's time. Reference counting still
frees what the work drops; cycles wait until the last paused block ends, when the
collector is switched back on (if it was on). Blocks may overlap, in threads too.
"""

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0
_was_enabled = False
P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def while_paused(function: Callable[P, R]) -> Callable[P, R]:
    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return run
