"""A version per workspace that every write bumps, and the health checks cached by it.

Every write records an activity (DESIGN §7), so a transaction that flushes an activity of
a workspace — or a row of the tables the checks read — replaces the workspace's version in
`division_versions` just before it commits, in the same transaction. A health check
reads the version (one primary-key lookup) and reuses what it computed for the same
version, days, language and question; anything else is a miss.

A version is a random token, not a count: a transaction rolled back, or a database
restored from a backup, can bring an old version back only together with its data.

The bump is the transaction's last statement, so the row lock it takes on PostgreSQL is
held only while committing (writers of one workspace queue there, not earlier).
"""

import secrets
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, event, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.models import (
    Activity,
    Assignment,
    Campaign,
    DivisionSettings,
    DivisionVersion,
    Member,
    Role,
    Scope,
    Skill,
)

TOUCHED = "division_touched_workspaces"
WATCHED = (Activity, Assignment, Campaign, DivisionSettings, Member, Role, Scope, Skill)
ENTRIES = 64
T = TypeVar("T")


def _collect(session: Session, _context: Any, _instances: Any) -> None:
    touched: set[uuid.UUID] = session.info.setdefault(TOUCHED, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, WATCHED) and (workspace_id := obj.workspace_id) is not None:
            touched.add(workspace_id)


def _bump_statement(insert: Callable[..., Any]) -> Any:
    table = cast(Table, DivisionVersion.__table__)  # the ORM's bulk path would cost more
    stmt = insert(table).values(
        workspace_id=bindparam("workspace_id"), version=bindparam("version")
    )
    return stmt.on_conflict_do_update(
        index_elements=[table.c.workspace_id], set_={"version": stmt.excluded.version}
    )


# Built once, by dialect (PostgreSQL: True): every write runs it.
_BUMPS = {True: _bump_statement(pg_insert), False: _bump_statement(sqlite_insert)}


def _bump(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    touched: set[uuid.UUID] | None = session.info.pop(TOUCHED, None)
    if not touched:
        return
    stmt = _BUMPS[session.get_bind().dialect.name == "postgresql"]
    for workspace_id in sorted(touched):  # one order, so two writers never wait in a circle
        session.execute(stmt, {"workspace_id": workspace_id, "version": secrets.randbits(62)})


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(TOUCHED, None)


event.listen(Session, "before_flush", _collect)
event.listen(Session, "before_commit", _bump)
event.listen(Session, "after_rollback", _forget)


def current(session: Session, workspace_id: uuid.UUID) -> int:
    found = session.scalar(
        select(DivisionVersion.version).where(DivisionVersion.workspace_id == workspace_id)
    )
    return found or 0


class Cache:
    """A small least-recently-used map, shared by the threads of a process."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self._entries = entries
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                found: T = self._items[key]
                return found
            self.misses += 1
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._entries:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


checks = Cache()
