"""Workload per member and ISO week, computed with numpy from plain assignment rows.

A member's load on a day is the sum of the allocations of their assignments that count
that day; a week's load is the highest daily load in it, so back-to-back assignments
that do not overlap are not added up. The whole members × weeks grid is one vectorised
sweep (a difference array and a cumulative sum), whatever the number of assignments.

The bulk reads here and in `data` are Core selects (the read path of every resource)
of ids as text and days as integers (day ordinals, computed by the database), so that
tens of thousands of rows reach Python without building a `UUID` or a `date` per value;
ids become UUIDs again only in the response models.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Date, Integer, String, and_, cast, func, literal, or_
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session

from app.models import Assignment
from app.models.enums import AssignmentStatus

FAR = date.max.toordinal()
IntArray = npt.NDArray[np.int64]
Id = str  # an id as the database spells it in text; pydantic turns it back into a UUID


def counted(first: date, last: date) -> ColumnElement[bool]:
    """Assignments that count on some day of [first, last]: started, and not over yet.

    An assignment counts from `starts_on` through `ends_on`; without `ends_on` it counts
    while it is active. Ended assignments still count on the days they ran.
    """
    return and_(
        Assignment.starts_on <= last,
        or_(
            and_(Assignment.ends_on.is_(None), Assignment.status == AssignmentStatus.active),
            Assignment.ends_on >= first,
        ),
    )


@dataclass(frozen=True)
class Reader:
    """Builds the bulk-read columns for the session's database, and runs them in Core."""

    session: Session
    dialect: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "dialect", self.session.get_bind().dialect.name)

    def id(self, column: Any) -> ColumnElement[str]:
        return cast(column, String)

    def key(self, value: uuid.UUID) -> Id:
        """A request's UUID as the database spells it in text."""
        return str(value) if self.dialect == "postgresql" else value.hex

    def day(self, column: Any) -> ColumnElement[int]:
        """`date.toordinal()` of a date column, computed by the database."""
        if self.dialect == "postgresql":
            return cast(column - literal(date(1, 1, 1), Date), Integer) + 1
        return cast(func.julianday(column) - 1721424.5, Integer)

    def rows(self, stmt: Any) -> Sequence[Any]:
        """The rows of a Core select, as every read path runs it: the columns are text,
        numbers and day ordinals already, so no result processor runs per value."""
        rows: Sequence[Any] = self.session.execute(stmt).all()
        return rows


class LoadRow(NamedTuple):
    """An assignment's load: `last` is `FAR` for one without an end."""

    id: Id
    member_id: Id
    allocation: int
    first: int
    last: int


RawRow = tuple[Id, Id, int, int, int | None]  # as read: no end is None


def load_rows(reader: Reader, *where: ColumnElement[bool]) -> list[RawRow]:
    """(id, member id, allocation, first day, last day or None) of the matching assignments."""
    stmt = sql_select(
        reader.id(Assignment.id),
        reader.id(Assignment.member_id),
        Assignment.allocation_percent,
        reader.day(Assignment.starts_on),
        reader.day(Assignment.ends_on),
    ).where(*where)
    return list(reader.rows(stmt))


@dataclass
class WeekGrid:
    """Members × weeks of peak load (%), for the weeks starting at `weeks[0]`."""

    weeks: list[date]
    member_ids: list[Id]
    peaks: IntArray
    rows: Sequence[RawRow]
    _by_member: dict[Id, list[LoadRow]] | None = None

    def index(self) -> dict[Id, int]:
        return {member_id: i for i, member_id in enumerate(self.member_ids)}

    def over(self, threshold: int) -> list[tuple[int, list[int]]]:
        """(member index, week indexes) where the load is above `threshold`."""
        hits = self.peaks > threshold
        return [
            (int(i), [int(w) for w in np.flatnonzero(hits[i])])
            for i in np.flatnonzero(hits.any(axis=1))
        ]

    def rows_of(self, member_id: Id, weeks: Sequence[int]) -> list[LoadRow]:
        """The member's rows that count in any of the given weeks."""
        if self._by_member is None:
            self._by_member = defaultdict(list)
            for id_, member, allocation, first, last in self.rows:
                row = LoadRow(id_, member, allocation, first, FAR if last is None else last)
                self._by_member[member].append(row)
        spans = [(self.weeks[w].toordinal(), self.weeks[w].toordinal() + 6) for w in weeks]
        found = [
            row
            for row in self._by_member.get(member_id, [])
            if any(row.first <= last and first <= row.last for first, last in spans)
        ]
        return sorted(found, key=lambda row: (row.first, row.id))


def week_grid(rows: Sequence[RawRow], member_ids: list[Id], weeks: list[date]) -> WeekGrid:
    """Peak daily load per member and week; rows of members not listed are ignored.

    Vectorised end to end: the rows' member ids are matched to `member_ids` with a
    sorted search, and the days with a difference array, without a Python loop per row.
    """
    n_members, n_weeks = len(member_ids), len(weeks)
    n_days = n_weeks * 7
    if not rows or not n_members or not n_weeks:
        return WeekGrid(weeks, member_ids, np.zeros((n_members, n_weeks), np.int64), rows)
    members_of_rows = [row[1] for row in rows]
    allocation_of_rows = [row[2] for row in rows]
    first_of_rows = [row[3] for row in rows]
    last_of_rows = [row[4] for row in rows]
    known = np.array(member_ids)
    order = np.argsort(known)
    ranked = known[order]
    found = np.array(members_of_rows)
    at = np.clip(np.searchsorted(ranked, found), 0, n_members - 1)
    keep = ranked[at] == found
    members = order[at]
    origin = weeks[0].toordinal()
    firsts = np.array(first_of_rows, dtype=np.int64) - origin
    ends = np.array(last_of_rows, dtype=np.float64)  # None (no end) becomes NaN
    lasts = np.nan_to_num(ends, nan=float(FAR)).astype(np.int64) - origin
    allocations = np.array(allocation_of_rows, dtype=np.int64)
    starts = np.clip(firsts, 0, n_days)
    stops = np.clip(lasts + 1, 0, n_days)
    keep &= starts < stops
    width = n_days + 1
    size = n_members * width
    diff = np.bincount(
        members[keep] * width + starts[keep], weights=allocations[keep], minlength=size
    ) - np.bincount(members[keep] * width + stops[keep], weights=allocations[keep], minlength=size)
    daily = np.cumsum(diff.reshape(n_members, width)[:, :n_days], axis=1)
    peaks = daily.reshape(n_members, n_weeks, 7).max(axis=2).round().astype(np.int64)
    return WeekGrid(weeks, member_ids, peaks, rows)


def week_span(weeks: list[date]) -> tuple[date, date]:
    return weeks[0], weeks[-1] + timedelta(days=6)
