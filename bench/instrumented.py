"""Count the SQL statements of every request inside the real server (bench only).

The harness starts `python -m app serve` with `TROUPE_BENCH_COUNT_SQL=1` and
`bench/hook` on `PYTHONPATH`; its `sitecustomize` calls `install()`, which

- listens to every engine's `before_cursor_execute` (an `executemany` counts once), and
- wraps `app.main.create_app` when that module is imported, so that the app it returns
  sits inside `CountingMiddleware`: each response carries the number of statements its
  request ran in `X-Bench-SQL-Statements`.

The count lives in a context variable holding a mutable box: worker threads get a copy
of the request's context, so the box they add to is the request's own. Nothing of this
is in `app/`; the baseline uses the same middleware and `count_statement()`.
"""

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from types import ModuleType
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-bench-sql-statements"
_box: ContextVar[list[int] | None] = ContextVar("bench_sql_statements", default=None)


def count_statement(*_args: Any) -> None:
    box = _box.get()
    if box is not None:
        box[0] += 1


class CountingMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        box = [0]
        token = _box.set(box)

        async def send_counted(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", ()), (HEADER, str(box[0]).encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_counted)
        finally:
            _box.reset(token)


def _wrapped(create_app: Callable[..., ASGIApp]) -> Callable[..., ASGIApp]:
    def create_counted_app(*args: Any, **kwargs: Any) -> ASGIApp:
        return CountingMiddleware(create_app(*args, **kwargs))

    return create_counted_app


class _WrapOnImport(importlib.abc.MetaPathFinder):
    """Replaces `create_app` of the module `target` right after it is executed."""

    def __init__(self, target: str) -> None:
        self.target = target

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.target:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        execute = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            # a module object's attributes are unknown to mypy: app.main's, replaced here
            module.create_app = _wrapped(module.create_app)  # type: ignore[attr-defined]

        loader.exec_module = exec_module  # type: ignore[method-assign]  # hooked on purpose
        return spec


def install() -> None:
    from sqlalchemy import Engine, event

    event.listen(Engine, "before_cursor_execute", count_statement)
    if "app.main" in sys.modules:
        module = sys.modules["app.main"]
        module.create_app = _wrapped(module.create_app)  # type: ignore[attr-defined]
    else:
        sys.meta_path.insert(0, _WrapOnImport("app.main"))
