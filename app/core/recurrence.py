"""Recurring schedules: RRULEs (`app.core.rrule`) expanded with dateutil.

Work plans, report schedules, meetings and obligations recur. A series starts at a naive
local date-time (the plan's first date at its due time) and is expanded over naive local
times in the workspace's zone; only then is the zone attached. So "every day at 09:00"
stays at 09:00 across DST changes, and a local time that falls in a DST gap or fold gives
exactly one occurrence: in a gap it moves forward by the gap (02:30 → 03:30 in New York
in March), in a fold it is the first of the two.
"""

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from app.core.rrule import (
    WEEKDAYS,
    ByDay,
    Freq,
    RecurrenceError,
    RRule,
    Rule,
    normalize,
    parse,
)

__all__ = [
    "ByDay",
    "Freq",
    "RRule",
    "RecurrenceError",
    "Rule",
    "attach",
    "iter_occurrences",
    "next_after_completion",
    "next_occurrences",
    "normalize",
    "occurrences",
    "parse",
]

MAX_OCCURRENCES = 10_000  # returned at most per call (an endless rule, a huge window)
_DU_FREQ: dict[Freq, Literal[1, 2, 3]] = {
    Freq.daily: du.DAILY,
    Freq.weekly: du.WEEKLY,
    Freq.monthly: du.MONTHLY,
}


def _zone(timezone: str | ZoneInfo) -> ZoneInfo:
    return timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)


def _local(instant: datetime, zone: ZoneInfo) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("an instant must be timezone-aware")
    return instant.astimezone(zone).replace(tzinfo=None)


def attach(local: datetime, timezone: str | ZoneInfo) -> datetime:
    """The instant of a naive local time: one for any local time, gaps moved forward."""
    zone = _zone(timezone)
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def _series(rule: Rule, start: datetime, zone: ZoneInfo, *, skip_weekends: bool) -> du.rrule:
    if start.tzinfo is not None:
        raise ValueError("a series starts at a naive local time (the workspace's wall clock)")
    until: datetime | None = None
    if isinstance(rule.until, datetime):
        until = _local(rule.until, zone) if rule.until.tzinfo else rule.until
    elif rule.until is not None:
        until = datetime.combine(rule.until, time.max)  # the whole last day counts
    by_day = [du.weekday(day.weekday, day.n) for day in rule.by_day]
    if skip_weekends and rule.freq is Freq.daily and not by_day:
        by_day = [du.weekday(day) for day in WEEKDAYS]  # so COUNT counts working days
    return du.rrule(
        _DU_FREQ[rule.freq],
        dtstart=start,
        interval=rule.interval,
        byweekday=by_day or None,
        bymonthday=rule.by_month_day or None,
        count=rule.count,
        until=until,
    )


def _as_rule(rule: Rule | str) -> Rule:
    return rule if isinstance(rule, Rule) else parse(rule)


def iter_occurrences(
    rule: Rule | str,
    *,
    start: datetime,
    timezone: str | ZoneInfo,
    after: datetime,
    before: datetime | None = None,
    inclusive: bool = False,
    skip_weekends: bool = False,
) -> Iterator[datetime]:
    """Occurrences (aware, in the zone) after the instant `after` (and before `before`).

    `skip_weekends` leaves out Saturdays and Sundays (local); for a DAILY rule without
    BYDAY it means "every working day", so COUNT counts working days.
    """
    zone = _zone(timezone)
    parsed = _as_rule(rule)
    if skip_weekends and _only_weekends(parsed, start):
        return
    series = _series(parsed, start, zone, skip_weekends=skip_weekends)
    # One day of margin: a local time near a bound may map to an instant on either side.
    first = _local(after, zone) - timedelta(days=1)
    last = _local(before, zone) + timedelta(days=1) if before else None
    try:
        for local in series.xafter(first, inc=True):
            if last is not None and local > last:
                return
            if skip_weekends and local.weekday() not in WEEKDAYS:
                continue
            instant = attach(local, zone)
            if before is not None and instant >= before:
                return
            if instant > after or (inclusive and instant == after):
                yield instant
    except ValueError:  # dateutil ran past year 9999: the series has no more
        return


def _only_weekends(rule: Rule, start: datetime) -> bool:
    """Whether every occurrence falls on a weekend (so skipping weekends leaves none)."""
    if rule.by_day:
        return all(day.weekday not in WEEKDAYS for day in rule.by_day)
    return rule.freq is Freq.weekly and start.weekday() not in WEEKDAYS


def occurrences(
    rule: Rule | str,
    *,
    start: datetime,
    timezone: str | ZoneInfo,
    window_start: datetime,
    window_end: datetime,
    skip_weekends: bool = False,
    limit: int = MAX_OCCURRENCES,
) -> list[datetime]:
    """Occurrences in [window_start, window_end) (aware instants), at most `limit` of them."""
    found: list[datetime] = []
    for instant in iter_occurrences(
        rule,
        start=start,
        timezone=timezone,
        after=window_start,
        before=window_end,
        inclusive=True,
        skip_weekends=skip_weekends,
    ):
        if len(found) >= limit:
            break
        found.append(instant)
    return found


def next_occurrences(
    rule: Rule | str,
    *,
    start: datetime,
    timezone: str | ZoneInfo,
    after: datetime,
    count: int,
    skip_weekends: bool = False,
) -> list[datetime]:
    """The next `count` occurrences strictly after `after` (fewer when the series ends)."""
    found: list[datetime] = []
    if count <= 0:
        return found
    for instant in iter_occurrences(
        rule, start=start, timezone=timezone, after=after, skip_weekends=skip_weekends
    ):
        found.append(instant)
        if len(found) == count:
            break
    return found


def next_after_completion(
    rule: Rule | str,
    *,
    start: datetime,
    timezone: str | ZoneInfo,
    completed_at: datetime,
    now: datetime,
    done_count: int = 0,
    skip_weekends: bool = False,
) -> datetime | None:
    """The next due instant of a completion-anchored series ("every 3 days after done").

    The series restarts on the local day of `completed_at`, at `start`'s time of day; the
    next occurrence after that restart is due, unless it is in the past: then the first
    one after `now`. UNTIL still ends the series; COUNT counts `done_count`, the
    occurrences the caller already has. `None` when the series is over.
    """
    zone = _zone(timezone)
    parsed = _as_rule(rule)
    if parsed.count is not None and done_count >= parsed.count:
        return None
    restart = datetime.combine(_local(completed_at, zone).date(), start.time())
    if restart < start:  # done before the series began: it begins as planned
        restart, after = start, max(completed_at, now)
    else:  # the restart itself is the occurrence just done
        after = max(attach(restart, zone), completed_at, now)
    restarted = replace(parsed, count=None)
    following = next_occurrences(
        restarted, start=restart, timezone=zone, after=after, count=1, skip_weekends=skip_weekends
    )
    return following[0] if following else None
