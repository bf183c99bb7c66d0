"""Sync endpoints run in one trip to a worker thread, their sync dependencies included.

FastAPI runs each sync dependency, a sync endpoint, and the validation of its answer in
a trip of their own to a worker thread. A trip costs about as much as a small query
(0.2-0.7 ms measured on a 2-core machine), and a workspace request made three of them
before its commit. `in_one_trip` wraps a sync endpoint so that FastAPI
sees a coroutine taking the *inputs* of the endpoint's sync dependencies; it makes one
trip, in which it calls those dependencies and then the endpoint, as FastAPI would have.

Async dependencies (the session, the bearer token, `If-Match`) stay FastAPI's. A sync
dependency must not depend on another sync dependency (checked at startup).
"""

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from fastapi import params
from starlette.concurrency import run_in_threadpool

_Call = tuple[str, Callable[..., Any], tuple[str, ...]]


def in_one_trip(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint` as a coroutine that runs it and its sync dependencies in one thread trip."""
    if inspect.iscoroutinefunction(endpoint):
        return endpoint
    hints = get_type_hints(endpoint, include_extras=True)
    signature = inspect.signature(endpoint)
    inputs: dict[str, inspect.Parameter] = {}
    calls: list[_Call] = []
    for parameter in signature.parameters.values():
        parameter = parameter.replace(annotation=hints.get(parameter.name, parameter.annotation))
        dependency = _sync_dependency(parameter)
        if dependency is None:
            _add(inputs, parameter, endpoint)
            continue
        dependency_hints = get_type_hints(dependency, include_extras=True)
        names = []
        for needed in inspect.signature(dependency).parameters.values():
            needed = needed.replace(annotation=dependency_hints.get(needed.name, needed.annotation))
            if _sync_dependency(needed) is not None:
                raise TypeError(f"{dependency.__name__}: a sync dependency of a sync dependency")
            _add(inputs, needed, endpoint)
            names.append(needed.name)
        calls.append((parameter.name, dependency, tuple(names)))
    own = tuple(signature.parameters)

    def run(values: dict[str, Any]) -> Any:
        for name, dependency, names in calls:
            values[name] = dependency(**{n: values[n] for n in names})
        return endpoint(**{n: values[n] for n in own})

    async def endpoint_in_one_trip(**values: Any) -> Any:
        return await run_in_threadpool(run, values)

    functools.update_wrapper(endpoint_in_one_trip, endpoint)
    del endpoint_in_one_trip.__wrapped__  # type: ignore[attr-defined]  # FastAPI must see ours
    endpoint_in_one_trip.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in inputs.values()],
        return_annotation=_returns(hints.get("return", signature.return_annotation)),
    )
    return endpoint_in_one_trip


def _returns(annotation: Any) -> Any:
    """`-> None` as FastAPI expects it (type hints say `NoneType`): no response body."""
    return None if annotation is type(None) else annotation


def _sync_dependency(parameter: inspect.Parameter) -> Callable[..., Any] | None:
    """The callable of a `Depends(...)` on this parameter, if it is a plain function."""
    markers = list(get_args(parameter.annotation)[1:])
    if get_origin(parameter.annotation) is not Annotated:
        markers = []
    markers.append(parameter.default)
    for marker in markers:
        if isinstance(marker, params.Depends) and marker.dependency is not None:
            call = marker.dependency
            if inspect.isfunction(call) and not inspect.iscoroutinefunction(call):
                return call
    return None


def _add(inputs: dict[str, inspect.Parameter], parameter: inspect.Parameter, to: Any) -> None:
    """Add an input; one the endpoint and a dependency share must be the same input."""
    known = inputs.get(parameter.name)
    if known is None:
        inputs[parameter.name] = parameter
    elif (known.annotation, known.default) != (parameter.annotation, parameter.default):
        raise TypeError(f"{to.__name__}: two different inputs named {parameter.name!r}")
