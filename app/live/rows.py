"""Activities read once per process, however many streams show them.

When an activity is published every stream of its workspace needs its row. On
PostgreSQL the listener reads the rows of each batch of notifications on its own
connection and primes this cache before it wakes the streams, so they find them here.
Otherwise (SQLite, or a row already evicted) the first stream to ask loads it (one
statement for a batch of ids); the others wait for that read. Whether a reader may see
it is then decided per stream: by the subject type's visibility rule when that rule is
a constant for the reader (everyone, admins only), else by a statement of the reader's
own (`visibility.visible_to`).
"""

import asyncio
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import False_, True_
from sse_starlette import ServerSentEvent
from starlette.concurrency import run_in_threadpool

from app.activity import reads
from app.activity.reads import view
from app.activity.visibility import RULES
from app.core.permissions import WorkspaceContext
from app.models import Activity

_ACTIVITIES = cast(Table, Activity.__table__)
COLUMNS = (*reads.COLUMNS, _ACTIVITIES.c.workspace_id)  # a feed's columns + where it goes


def decided_visibility(ctx: WorkspaceContext, subject_type: str) -> bool | None:
    """True or False if the reader's rule for this subject type is a constant; else None."""
    rule = RULES.get(subject_type)
    if rule is None:
        return True
    condition = rule(ctx)
    if isinstance(condition, True_):
        return True
    if isinstance(condition, False_):
        return False
    return None


_ABSENT: Any = object()


class SharedRows:
    """The recently published activities of this process (at most `size`)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._rows: OrderedDict[uuid.UUID, Row[Any] | None] = OrderedDict()
        self._pending: dict[uuid.UUID, asyncio.Future[None]] = {}
        self._rendered: OrderedDict[tuple[uuid.UUID, str], bytes] = OrderedDict()
        self._lock = threading.Lock()  # the listener's thread primes, the loop reads
        self.loads = 0

    def prime(self, rows: Iterable[Row[Any]]) -> None:
        """Keep rows read elsewhere (the listener's thread), so no stream loads them."""
        for row in rows:
            self._remember(row.id, row)

    def cached(self, ids: Iterable[uuid.UUID]) -> list[Row[Any]] | None:
        """The rows of `ids` if every one is here already (no await, no read); else None."""
        found: list[Row[Any]] = []
        for activity_id in ids:
            row = self._rows.get(activity_id, _ABSENT)
            if row is _ABSENT:
                return None
            if row is not None:
                found.append(row)
        return found

    async def get(self, factory: sessionmaker[Session], ids: Iterable[uuid.UUID]) -> list[Row[Any]]:
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in self._rows and i not in self._pending]
        if missing:
            loaded: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            for activity_id in missing:
                self._pending[activity_id] = loaded
            try:
                rows = await run_in_threadpool(_load, factory, missing)
                self.loads += 1
                for activity_id in missing:
                    self._remember(activity_id, rows.get(activity_id))
                loaded.set_result(None)
            except BaseException as exc:
                loaded.set_exception(exc)
                loaded.exception()  # retrieved: the streams waiting get it, nobody else
                raise
            finally:
                for activity_id in missing:
                    self._pending.pop(activity_id, None)
        waits = {id(f): f for i in wanted if (f := self._pending.get(i)) is not None}
        if waits:
            await asyncio.gather(*waits.values())
        found = (self._rows.get(activity_id) for activity_id in wanted)
        return [row for row in found if row is not None]

    def encoded(self, row: Row[Any], locale: str) -> bytes:
        """The activity's `activity` event in `locale`, encoded once per language."""
        key = (row.id, locale)
        event = self._rendered.get(key)
        if event is None:
            data = view(row, locale=locale).model_dump_json()
            event = ServerSentEvent(event="activity", id=str(row.id), data=data).encode()
            self._rendered[key] = event
            while len(self._rendered) > self.size:
                self._rendered.popitem(last=False)
        return event

    def _remember(self, activity_id: uuid.UUID, row: Row[Any] | None) -> None:
        with self._lock:
            self._rows[activity_id] = row
            while len(self._rows) > self.size:
                self._rows.popitem(last=False)


def read_rows(connection: Connection, ids: list[uuid.UUID]) -> list[Row[Any]]:
    """The activities of `ids` as the streams need them, in one statement."""
    return list(connection.execute(select(*COLUMNS).where(_ACTIVITIES.c.id.in_(ids))))


def _load(factory: sessionmaker[Session], ids: list[uuid.UUID]) -> dict[uuid.UUID, Row[Any]]:
    with factory() as session:
        rows = read_rows(session.connection(), ids)
    return {row.id: row for row in rows}


ROWS = SharedRows()
