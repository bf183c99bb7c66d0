"""One client's event stream: missed events first, then live ones, each filtered for them.

Events are `activity` (id = the activity's id, data = the activity as `activities_list`
shows it) and `resync` (the client missed more than we replay, or fell behind: reload
what it shows). Live activities are read once per process (app/live/rows.py) and each
passes the reader's visibility rules, so nobody gets an event about something they may
not read; the caller's token and membership are checked again every `RECHECK_SECONDS`,
so a revoked token or a removed member stops receiving.
"""

import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker
from sse_starlette import ServerSentEvent
from starlette.concurrency import run_in_threadpool

from app.activity.reads import selection, view
from app.activity.schemas import ActivityFilters, ActivityRead
from app.auth import bearer
from app.core.errors import DomainError
from app.core.permissions import WorkspaceContext
from app.live.broker import Broker, Subscription
from app.live.rows import ROWS, decided_visibility
from app.models import Activity

REPLAY_LIMIT = 500
RETRY_MILLISECONDS = 3000
LISTEN_WAIT_SECONDS = 10.0
# How often a stream checks its token and membership again (and picks up access changes).
RECHECK_SECONDS = 10.0
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


def allowed_ids(session: Session, *, ctx: WorkspaceContext, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Of `ids`, those the reader's visibility rules let through (rules that need SQL)."""
    stmt = selection(ctx, ActivityFilters()).where(Activity.id.in_(ids))
    return {row.id for row in session.execute(stmt)}


def current_ctx(session: Session, *, secret: str, slug: str) -> WorkspaceContext:
    """The caller again, now: a revoked token or a removed member raises."""
    return bearer.actor_in_workspace(session, secret=secret, slug=slug)


def _in_session(factory: sessionmaker[Session], read: Callable[[Session], T]) -> T:
    with factory() as session:
        return read(session)


def activity_event(item: ActivityRead) -> ServerSentEvent:
    return ServerSentEvent(event="activity", id=str(item.id), data=item.model_dump_json())


async def events(
    request: StreamRequest, *, broker: Broker, subscription: Subscription
) -> AsyncIterator[ServerSentEvent | bytes]:
    """The stream's events until the client leaves (then the subscription is released)."""
    ctx, factory = request.ctx, request.session_factory
    slug, workspace_id = ctx.slug, ctx.workspace_id
    checked_at = time.monotonic()
    try:
        if request.listening is not None and not request.listening.is_set():
            await run_in_threadpool(request.listening.wait, LISTEN_WAIT_SECONDS)
        yield ServerSentEvent(comment="connected", retry=RETRY_MILLISECONDS)
        sent: set[uuid.UUID] = set()
        decisions: dict[str, bool | None] = {}  # per subject type, for `decisions_for`
        decisions_for = ctx
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
            if time.monotonic() - checked_at > RECHECK_SECONDS:
                try:
                    ctx = await run_in_threadpool(
                        _in_session, factory, partial(current_ctx, secret=request.secret, slug=slug)
                    )
                except DomainError:  # the token or the membership no longer holds
                    return
                checked_at = time.monotonic()
            if decisions_for is not ctx:  # a rule's answer holds until the caller changes
                decisions, decisions_for = {}, ctx
            rows = ROWS.cached(fresh)
            if rows is None:
                rows = await ROWS.get(factory, fresh)
            allowed: set[uuid.UUID] = set()
            undecided: list[uuid.UUID] = []
            for row in rows:
                if row.workspace_id != workspace_id:
                    continue
                kind = row.subject_type
                if kind not in decisions:
                    decisions[kind] = decided_visibility(ctx, kind)
                if (ok := decisions[kind]) is None:
                    undecided.append(row.id)
                elif ok:
                    allowed.add(row.id)
            if undecided:
                allowed |= await run_in_threadpool(
                    _in_session, factory, partial(allowed_ids, ctx=ctx, ids=undecided)
                )
            shown = [row for row in rows if row.id in allowed]
            if len(shown) > 1:
                shown.sort(key=lambda row: row.id)
            if shown:  # what queued up while the client was busy goes in one write
                sent.update(row.id for row in shown)
                yield b"".join(ROWS.encoded(row, ctx.actor.locale.value) for row in shown)
            if len(sent) > 4 * REPLAY_LIMIT:
                sent.clear()
    finally:
        broker.unsubscribe(subscription)
