"""Dependencies solved in fewer steps than they are declared in, to the same values.

FastAPI solves a route's dependencies as a tree, one step per node, and each step costs
about as much as a small query (a GET campaign's seven steps were ~19 % of its time). The
declared tree stays what OpenAPI and the tests see (security schemes, parameters); the
route solves a lean copy of it instead (`TransactionalRoute`):

- a dependency registered with `@stands_in_for(declared)` is solved by its stand-in: the
  caller's workspace context reads the bearer token itself instead of through the two
  security schemes and `bearer_secret`, and takes the request's session from the request
  instead of through `SessionDep`: two steps where there were five. A stand-in answers
  what the declared dependency answers and fails the same way, in the same order (a
  missing token before a malformed path parameter).
- the endpoint's own `SessionDep` parameters are dropped: the route's endpoint wrapper,
  which runs in the request's transaction, passes the session itself.
"""

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant

_Call = TypeVar("_Call", bound=Callable[..., Any])
_STAND_INS: dict[int, tuple[Callable[..., Any], Callable[..., Any]]] = {}  # by id: declared


def stands_in_for(declared: Callable[..., Any]) -> Callable[[_Call], _Call]:
    """Register the decorated function as what solves `declared` in API routes."""

    def register(stand_in: _Call) -> _Call:
        _STAND_INS[id(declared)] = (declared, stand_in)
        return stand_in

    return register


def lean_dependant(
    dependant: Dependant, *, path: str, given: Callable[..., Any] | None = None
) -> tuple[Dependant, list[str]]:
    """A copy of `dependant` to solve, and the names of the parameters it leaves out:
    its direct dependencies on `given` (the caller passes those values itself)."""
    dependencies, left_out = [], []
    for sub in dependant.dependencies:
        if given is not None and sub.call is given and sub.name is not None:
            left_out.append(sub.name)
            continue
        registered = _STAND_INS.get(id(sub.call))
        if registered is not None and registered[0] is sub.call:
            stand_in = registered[1]
            sub = get_dependant(
                path=path, call=stand_in, name=sub.name, use_cache=sub.use_cache, scope=sub.scope
            )
        else:
            sub, _ = lean_dependant(sub, path=path)
        dependencies.append(sub)
    return dataclasses.replace(dependant, dependencies=dependencies), left_out
