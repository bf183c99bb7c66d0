"""Tell listeners about activities once the transaction that wrote them commits.

Every session remembers the activities it flushes. Just before the commit, the
registered `before_commit` hooks see them (webhooks write their outbox rows there, in
the same transaction) and, on PostgreSQL, one `pg_notify` per activity is queued in the
transaction: PostgreSQL delivers it to every listening process only if it commits, with
the activity id as the payload (listeners re-read the row). On SQLite the ids go to this
process's broker after the commit (one process; see README "Live pages").
"""

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from app.live.broker import BROKER
from app.models import Activity

CHANNEL = "troupe_activities"
_SEEN = "live_activities"
_BULK = "live_activities_inserted"
_AFTER = "live_publish_after_commit"

# One statement, however many activities: PostgreSQL sends them when the commit succeeds.
_NOTIFY = text("SELECT pg_notify(:channel, id) FROM unnest(CAST(:ids AS text[])) AS id")

CommitHook = Callable[[Session, list[Activity]], None]
BEFORE_COMMIT: list[CommitHook] = []


def before_commit(hook: CommitHook) -> CommitHook:
    """Run `hook(session, activities)` in the transaction, before it commits."""
    BEFORE_COMMIT.append(hook)
    return hook


def remember_written(session: Session, rows: list[dict[str, Any]]) -> None:
    """Activities inserted without ORM objects (`activity.record_created`): published too."""
    session.info.setdefault(_BULK, []).extend(rows)


def _loaded(row: dict[str, Any]) -> Activity:
    """A detached Activity holding a row as if loaded: no constructor, no change tracking."""
    entry: Activity = _MANAGER.new_instance()
    entry.__dict__.update(row)
    return entry


_MANAGER = Activity.__mapper__.class_manager


@event.listens_for(Session, "before_flush")
def _remember(session: Session, *_: Any) -> None:
    new = [obj for obj in session.new if isinstance(obj, Activity)]
    if new:
        session.info.setdefault(_SEEN, []).extend(new)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if (
        _SEEN not in session.info
        and _BULK not in session.info
        and not any(isinstance(o, Activity) for o in session.new)
    ):
        return
    session.flush()  # what was added since the last flush is remembered too
    seen: list[Activity] = session.info.pop(_SEEN, [])
    written = [
        entry for entry in seen if entry.workspace_id is not None and inspect(entry).persistent
    ]
    inserted: list[dict[str, Any]] = session.info.pop(_BULK, [])
    written += [_loaded(row) for row in inserted if row["workspace_id"] is not None]
    if not written:
        return
    for hook in BEFORE_COMMIT:
        hook(session, written)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_NOTIFY, {"channel": CHANNEL, "ids": [str(e.id) for e in written]})
    else:
        events = [(entry.workspace_id, entry.id) for entry in written]
        session.info[_AFTER] = events


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    events: list[tuple[uuid.UUID, uuid.UUID]] | None = session.info.pop(_AFTER, None)
    if events:
        BROKER.publish(events)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session, *_: Any) -> None:
    session.info.pop(_SEEN, None)
    session.info.pop(_BULK, None)
    session.info.pop(_AFTER, None)
