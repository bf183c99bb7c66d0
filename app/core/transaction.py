"""One database transaction per request: commit once on success, roll back on error.

Routers use `TransactionalRoute`; handlers and dependencies get the request's session
through `SessionDep`. Services only `flush()`.
"""

from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.core import idempotency
from app.core.db import begin_write

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TransactionalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle_in_transaction(request: Request) -> Response:
            session: Session = request.app.state.session_factory()
            request.state.session = session
            try:
                if request.method not in SAFE_METHODS:
                    await run_in_threadpool(begin_write, session)
                response = await _handle_idempotently(request, session, handler)
                await run_in_threadpool(session.commit)
                return response
            except BaseException:
                await run_in_threadpool(session.rollback)
                raise
            finally:
                await run_in_threadpool(session.close)

        return handle_in_transaction


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


def _request_session(request: Request) -> Session:
    session: Session = request.state.session
    return session


SessionDep = Annotated[Session, Depends(_request_session)]
