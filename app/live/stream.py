"""One client's event stream: missed events first, then live ones, each filtered for them.

Events are `activity` (id = the activity's id, data = the activity as `activities_list`
shows it) and `resync` (the client missed more than we replay, or fell behind: reload
what it shows). Each batch of live ids is re-read with the caller's token checked again
and the activity visibility rules applied, so a revoked token or a removed member stops
receiving, and nobody gets an event about something they may not read.
"""

import threading
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker
from sse_starlette import ServerSentEvent
from starlette.concurrency import run_in_threadpool

from app.activity.reads import selection, view
from app.activity.schemas import ActivityFilters, ActivityRead
from app.auth import service as auth_service
from app.core.errors import DomainError
from app.core.permissions import WorkspaceContext
from app.live.broker import Broker, Subscription
from app.models import Activity

REPLAY_LIMIT = 500
RETRY_MILLISECONDS = 3000
LISTEN_WAIT_SECONDS = 10.0
T = TypeVar("T")
RESYNC = ServerSentEvent(event="resync", data="{}")


@dataclass(frozen=True)
class StreamRequest:
    session_factory: sessionmaker[Session]
    ctx: WorkspaceContext
    secret: str
    last_event_id: uuid.UUID | None
    listening: threading.Event | None = None  # PostgreSQL: set once LISTEN is in place


def replay(
    session: Session, *, ctx: WorkspaceContext, after: uuid.UUID
) -> list[ActivityRead] | None:
    """What the caller may see after `after`, oldest first; `None` if more than we replay."""
    stmt = (
        selection(ctx, ActivityFilters())
        .where(Activity.id > after)
        .order_by(Activity.id)
        .limit(REPLAY_LIMIT + 1)
    )
    rows = session.execute(stmt).all()
    if len(rows) > REPLAY_LIMIT:
        return None
    return [view(row, locale=ctx.actor.locale.value) for row in rows]


def visible(
    session: Session, *, secret: str, slug: str, ids: list[uuid.UUID]
) -> list[ActivityRead]:
    """Of `ids`, the activities the caller (checked again now) may see, oldest first."""
    ctx = auth_service.actor_in_workspace(session, secret=secret, slug=slug)
    stmt = selection(ctx, ActivityFilters()).where(Activity.id.in_(ids)).order_by(Activity.id)
    return [view(row, locale=ctx.actor.locale.value) for row in session.execute(stmt)]


def _in_session(factory: sessionmaker[Session], read: Callable[[Session], T]) -> T:
    with factory() as session:
        return read(session)


def activity_event(item: ActivityRead) -> ServerSentEvent:
    return ServerSentEvent(event="activity", id=str(item.id), data=item.model_dump_json())


async def events(
    request: StreamRequest, *, broker: Broker, subscription: Subscription
) -> AsyncIterator[ServerSentEvent]:
    """The stream's events until the client leaves (then the subscription is released)."""
    ctx = request.ctx
    try:
        if request.listening is not None and not request.listening.is_set():
            await run_in_threadpool(request.listening.wait, LISTEN_WAIT_SECONDS)
        yield ServerSentEvent(comment="connected", retry=RETRY_MILLISECONDS)
        sent: set[uuid.UUID] = set()
        if request.last_event_id is not None:
            after = request.last_event_id
            missed = await run_in_threadpool(
                _in_session,
                request.session_factory,
                lambda session: replay(session, ctx=ctx, after=after),
            )
            if missed is None:
                yield RESYNC
            else:
                for item in missed:
                    sent.add(item.id)
                    yield activity_event(item)
        while True:
            ids = [await subscription.queue.get(), *subscription.drain()]
            if subscription.overflowed:
                subscription.overflowed = False
                subscription.drain()
                sent.clear()
                yield RESYNC
                continue
            fresh = [activity_id for activity_id in ids if activity_id not in sent]
            if not fresh:
                continue
            try:
                items = await run_in_threadpool(
                    _in_session,
                    request.session_factory,
                    lambda session, fresh=fresh: visible(
                        session, secret=request.secret, slug=ctx.slug, ids=fresh
                    ),
                )
            except DomainError:  # the token or the membership no longer holds
                return
            for item in items:
                sent.add(item.id)
                yield activity_event(item)
            if len(sent) > 4 * REPLAY_LIMIT:
                sent.clear()
    finally:
        broker.unsubscribe(subscription)
