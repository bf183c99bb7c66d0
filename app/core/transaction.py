"""One database transaction per request: commit once on success, roll back on error.

Routers use `TransactionalRoute`; handlers and dependencies get the request's session
through `SessionDep`. Services only `flush()`.

A request's transaction is served by several trips to the worker threads (dependencies,
the endpoint, the commit), and between them it holds a database connection and its locks
without holding a thread. Admitted without limit, requests beyond the pool's size would
fill every worker thread with waits for a connection (or, on SQLite, for the write lock)
while the requests holding those could not get a thread to finish: everything stalls
until a timeout turns into 500s. So requests are admitted first, waiting in the event loop
without a thread: at most as many at once as the pool has connections (and fewer than the
worker threads), and on SQLite, which has one writer at a time anyway, one writing
transaction at a time per process (`BEGIN IMMEDIATE` still waits for other processes).
"""

import asyncio
import dataclasses
import inspect
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AsyncExitStack, asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Annotated, Any

from anyio.to_thread import current_default_thread_limiter
from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.core import exports, idempotency
from app.core.db import WRITE_TRANSACTION, begin_write, pool_capacity
from app.core.lean_dependencies import lean_dependant

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Worker threads never taken by requests in a transaction, for whatever else needs one.
SPARE_THREADS = 8


@dataclass(frozen=True)
class _Gates:
    slots: asyncio.Semaphore | None  # one per connection a request may hold
    writer: asyncio.Lock | None  # SQLite: one writing transaction at a time


_FactoryGates = weakref.WeakKeyDictionary[sessionmaker[Session], _Gates]
_GATES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _FactoryGates] = (
    weakref.WeakKeyDictionary()
)


def _gates(factory: sessionmaker[Session]) -> _Gates:
    """The gates of this session factory in the running event loop (made on first use)."""
    loop = asyncio.get_running_loop()
    per_loop = _GATES.get(loop)
    if per_loop is None:
        per_loop = _GATES[loop] = weakref.WeakKeyDictionary()
    gates = per_loop.get(factory)
    if gates is None:
        bind = factory.kw.get("bind")
        if isinstance(bind, Engine):  # not a single shared connection (as in the tests)
            threads = max(1, int(current_default_thread_limiter().total_tokens) - SPARE_THREADS)
            capacity = pool_capacity(bind)
            slots = min(capacity, threads) if capacity else threads
            writer = asyncio.Lock() if bind.dialect.name == "sqlite" else None
            gates = _Gates(asyncio.Semaphore(slots), writer)
        else:
            gates = _Gates(None, None)
        per_loop[factory] = gates
    return gates


@asynccontextmanager
async def admitted(factory: sessionmaker[Session], *, writing: bool) -> AsyncIterator[None]:
    """Wait, without holding a thread, until this request's transaction can run to its end."""
    gates = _gates(factory)
    async with AsyncExitStack() as stack:
        if writing and gates.writer is not None:
            await stack.enter_async_context(gates.writer)
        if gates.slots is not None:
            await stack.enter_async_context(gates.slots)
        yield


class TransactionalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = self._handler_validating_on_the_loop()

        async def handle_in_transaction(request: Request) -> Response:
            factory: sessionmaker[Session] = request.app.state.session_factory
            writing = request.method not in SAFE_METHODS
            async with admitted(factory, writing=writing):
                session, write_marked = _new_session(factory, writing=writing)
                request.state.session = session
                current = _Current(session, reading=not writing)
                token = _CURRENT.set(current)
                try:
                    if writing and not write_marked:
                        await run_in_threadpool(begin_write, session)
                    response = await _handle_idempotently(request, session, handler)
                    if not current.ended:
                        await run_in_threadpool(_commit_and_close, session)
                    return response
                except BaseException:
                    await run_in_threadpool(session.close)  # rolls back
                    raise
                finally:
                    _CURRENT.reset(token)

        model = exports.item_model(self.response_model) if "GET" in (self.methods or ()) else None
        if model is None:
            return handle_in_transaction
        # A list: `?format=csv|xlsx` answers every page as a file (app/core/exports.py).
        return exports.exportable(handle_in_transaction, model, name=self.name)

    def _handler_validating_on_the_loop(
        self,
    ) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """FastAPI's handler, with a sync endpoint run in a worker thread by an async
        wrapper: FastAPI then checks the returned reply model on the event loop (for a
        reply of the declared model, an `isinstance`) instead of in one more trip to a
        worker thread after the endpoint's (each trip costs as much as a small query).
        The wrapper passes the endpoint its session; the other dependencies are solved
        from their lean copy (`app.core.lean_dependencies`).
        Routes added flat (`app/core/routing.py`, as every API route is) get it; a route
        of an included router is handled by FastAPI's own handler as declared."""
        original = self.dependant
        call = original.call
        if call is None or not inspect.isfunction(call) or not _plain_sync(call):
            self.dependant, _ = lean_dependant(original, path=self.path_format)
            try:
                return super().get_route_handler()
            finally:
                self.dependant = original
        lean, session_names = lean_dependant(
            original, path=self.path_format, given=_request_session
        )

        async def in_worker_thread(**values: Any) -> Any:
            current = _CURRENT.get()
            assert current is not None, "a transactional route runs in its transaction"
            for name in session_names:
                values[name] = current.session
            if not current.reading:
                return await run_in_threadpool(call, **values)
            return await run_in_threadpool(_call_and_end, current, call, values)

        self.dependant = dataclasses.replace(lean, call=in_worker_thread)
        try:
            return super().get_route_handler()
        finally:
            self.dependant = original


@dataclass
class _Current:
    """The transaction of the request being handled, as its endpoint's wrapper sees it."""

    session: Session
    reading: bool  # a GET (or HEAD, OPTIONS): it writes nothing
    ended: bool = False


_CURRENT: ContextVar[_Current | None] = ContextVar("troupe_transaction", default=None)


def _call_and_end(current: _Current, call: Callable[..., Any], values: dict[str, Any]) -> Any:
    """A reading endpoint, then the end of its transaction, in one worker-thread trip: a
    read has nothing to commit after its reply is made, and its reply needs no session."""
    result = call(**values)
    _commit_and_close(current.session)
    current.ended = True
    return result


def _plain_sync(call: Callable[..., Any]) -> bool:
    return not (
        inspect.iscoroutinefunction(call)
        or inspect.isgeneratorfunction(call)
        or inspect.isasyncgenfunction(call)
    )


async def _handle_idempotently(
    request: Request, session: Session, handler: Callable[[Request], Awaitable[Response]]
) -> Response:
    key = request.headers.get(idempotency.HEADER)
    scope = idempotency.caller_scope(request)
    if request.method != "POST" or key is None or scope is None:
        return await handler(request)
    fingerprint = idempotency.request_fingerprint(request, await request.body())
    record, replay = await run_in_threadpool(
        lambda: idempotency.claim(session, scope=scope, key=key, fingerprint=fingerprint)
    )
    if replay is not None:
        return replay
    assert record is not None
    response = await handler(request)
    await run_in_threadpool(idempotency.complete, session, record, response)
    return response


_WRITING_ENGINES: weakref.WeakKeyDictionary[sessionmaker[Session], Engine] = (
    weakref.WeakKeyDictionary()
)


def _new_session(factory: sessionmaker[Session], *, writing: bool) -> tuple[Session, bool]:
    """The request's session, and whether it is already marked as writing: bound to the
    engine with the write option, its first statement opens the write transaction (SQLite:
    `BEGIN IMMEDIATE`) without a trip to a worker thread to mark it first."""
    bind = factory.kw.get("bind")
    if not writing or not isinstance(bind, Engine):
        return factory(), False
    engine = _WRITING_ENGINES.get(factory)
    if engine is None:
        engine = _WRITING_ENGINES[factory] = bind.execution_options(**{WRITE_TRANSACTION: True})
    return factory(bind=engine), True


def _commit_and_close(session: Session) -> None:
    """One trip to a worker thread for both: each trip costs as much as a small query."""
    try:
        session.commit()
    finally:
        session.close()


async def _request_session(request: Request) -> Session:
    session: Session = request.state.session
    return session


SessionDep = Annotated[Session, Depends(_request_session)]
