"""Days, ISO weeks and date intervals: the calendar arithmetic of the division checks.

Intervals are inclusive pairs of day ordinals (`date.toordinal()`), which keeps the
interval sweeps plain integer work.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Annotated

from fastapi import Query

from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_

MAX_DAYS = 731  # two years
Span = tuple[int, int]

OnQuery = Annotated[
    date | None,
    Query(
        description="Judge this one day: the assignments that count on it (started, and not "
        "ended before it). Not with `from`/`to`. Without `on`, `from` and `to`: today, in "
        "the workspace's time zone."
    ),
]
FromQuery = Annotated[
    date | None,
    Query(
        alias="from",
        description="First day of the period to judge (included). Alone, it means that one "
        "day. An assignment counts when its dates overlap the period; a finding that holds "
        "on only part of the period names the ISO weeks it holds in.",
    ),
]
ToQuery = Annotated[
    date | None,
    Query(
        alias="to",
        description="Last day of the period (included; not before `from`; at most two years "
        "after it). Alone, it means that one day.",
    ),
]


@dataclass(frozen=True)
class Period:
    """The days that count, first and last included; `single_day` for `?on=`."""

    start: date
    end: date

    @property
    def single_day(self) -> bool:
        return self.start == self.end

    @cached_property
    def span(self) -> Span:
        return self.start.toordinal(), self.end.toordinal()

    @property
    def weeks(self) -> list[date]:
        """The Mondays of the ISO weeks the period touches."""
        return mondays(self.start, self.end)


def _invalid(loc: str, message: str) -> InvalidInput:
    return InvalidInput(
        N_("The period is not valid."), errors=[field_error(("query", loc), message, "period")]
    )


def resolve_period(
    *, on: date | None, start: date | None, end: date | None, today: date, max_days: int = MAX_DAYS
) -> Period:
    """`on` (one day), or `from`/`to` (either alone means that one day), else today."""
    if on is not None and (start is not None or end is not None):
        raise _invalid("on", N_("Give either on, or from and to, not both."))
    if on is not None:
        return Period(on, on)
    if start is None and end is None:
        return Period(today, today)
    start, end = start or end, end or start
    assert start is not None
    assert end is not None
    if end < start:
        raise _invalid("to", N_("to must not be before from."))
    if (end - start).days + 1 > max_days:
        raise _invalid("to", N_("The period is too long."))
    return Period(start, end)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def mondays(start: date, end: date) -> list[date]:
    first = monday(start)
    return [first + timedelta(weeks=i) for i in range((monday(end) - first).days // 7 + 1)]


def week_label(day: date) -> str:
    """ISO 8601 week, e.g. `2026-W12`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_ranges(weeks: Iterable[date]) -> str:
    """Consecutive weeks folded into ranges: `2026-W12–W15, 2026-W18`."""
    ordered = sorted(set(weeks))
    runs: list[tuple[date, date]] = []
    for week in ordered:
        if runs and week - runs[-1][1] == timedelta(weeks=1):
            runs[-1] = (runs[-1][0], week)
        else:
            runs.append((week, week))
    parts = []
    for first, last in runs:
        if first == last:
            parts.append(week_label(first))
        elif first.isocalendar()[0] == last.isocalendar()[0]:
            parts.append(f"{week_label(first)}–W{last.isocalendar()[1]:02d}")
        else:
            parts.append(f"{week_label(first)}–{week_label(last)}")
    return ", ".join(parts)


def weeks_of(spans: Iterable[Span]) -> list[date]:
    """The Mondays of the weeks the spans touch."""
    found: set[date] = set()
    for first, last in spans:
        found.update(mondays(date.fromordinal(first), date.fromordinal(last)))
    return sorted(found)


def uncovered(spans: Sequence[Span], bounds: Span) -> list[Span]:
    """The stretches of `bounds` that no span covers."""
    gaps: list[Span] = []
    cursor = bounds[0]
    for first, last in sorted(spans):
        if first > cursor:
            gaps.append((cursor, min(first - 1, bounds[1])))
        cursor = max(cursor, last + 1)
        if cursor > bounds[1]:
            break
    if cursor <= bounds[1]:
        gaps.append((cursor, bounds[1]))
    return gaps


def crowded(spans: Sequence[Span], at_least: int = 2) -> list[Span]:
    """The stretches covered by `at_least` spans at once."""
    if len(spans) < at_least:
        return []
    events: dict[int, int] = {}
    for first, last in spans:
        events[first] = events.get(first, 0) + 1
        events[last + 1] = events.get(last + 1, 0) - 1
    found: list[Span] = []
    depth, opened = 0, None
    for day in sorted(events):
        depth += events[day]
        if depth >= at_least and opened is None:
            opened = day
        elif depth < at_least and opened is not None:
            found.append((opened, day - 1))
            opened = None
    return found
