"""Reporting state per schedule and author, derived from stored reports and the clock.

Nothing here is stored: a late job or a missed run cannot corrupt a state. A period is
an occurrence of the schedule's RRULE (its due instant); it is answered by a submitted
report of that author for that period.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.core.recurrence import attach, next_occurrences, occurrences
from app.models import ReportSchedule
from app.models.enums import ReportingState

DUE_SOON = timedelta(hours=24)
LOOKBACK_PERIODS = 8


def series_start(schedule: ReportSchedule) -> datetime:
    return datetime.combine(schedule.start_on, schedule.due_time)


def past_periods(
    schedule: ReportSchedule, *, timezone: str, now: datetime, lookback: timedelta
) -> list[datetime]:
    """Periods due in [now - lookback, now], oldest first (UTC)."""
    found = occurrences(
        schedule.rrule,
        start=series_start(schedule),
        timezone=timezone,
        window_start=now - lookback,
        window_end=now + timedelta(microseconds=1),
    )
    return [period.astimezone(UTC) for period in found]


def next_period(schedule: ReportSchedule, *, timezone: str, now: datetime) -> datetime | None:
    found = next_occurrences(
        schedule.rrule, start=series_start(schedule), timezone=timezone, after=now, count=1
    )
    return found[0].astimezone(UTC) if found else None


def cadence(schedule: ReportSchedule, *, timezone: str) -> timedelta:
    """The time between two periods (the first two of the series; a week by default)."""
    start = attach(series_start(schedule), timezone)
    two = next_occurrences(
        schedule.rrule,
        start=series_start(schedule),
        timezone=timezone,
        after=start - timedelta(microseconds=1),
        count=2,
    )
    return two[1] - two[0] if len(two) == 2 else timedelta(days=7)


@dataclass(frozen=True)
class AuthorView:
    state: ReportingState
    period_at: datetime | None
    missed: list[datetime]


def author_state(
    schedule: ReportSchedule,
    *,
    timezone: str,
    now: datetime,
    answered: set[datetime],
) -> AuthorView:
    """fresh, due_soon, overdue (past due, within grace), missed (past grace), paused."""
    grace = timedelta(hours=schedule.grace_hours)
    lookback = cadence(schedule, timezone=timezone) * LOOKBACK_PERIODS + grace
    past = past_periods(schedule, timezone=timezone, now=now, lookback=lookback)
    missed = [p for p in past if p not in answered and p + grace < now]
    upcoming = next_period(schedule, timezone=timezone, now=now)
    if not schedule.enabled:
        return AuthorView(ReportingState.paused, upcoming, missed)
    open_late = [p for p in past if p not in answered and p + grace >= now]
    if open_late:
        return AuthorView(ReportingState.overdue, open_late[0], missed)
    if past and past[-1] in missed:
        return AuthorView(ReportingState.missed, past[-1], missed)
    if upcoming is not None and upcoming - now <= DUE_SOON and upcoming not in answered:
        return AuthorView(ReportingState.due_soon, upcoming, missed)
    return AuthorView(ReportingState.fresh, past[-1] if past else upcoming, missed)


def default_period(
    schedule: ReportSchedule, *, timezone: str, now: datetime, answered: set[datetime]
) -> datetime | None:
    """The oldest period still within its grace and unanswered, else the next one."""
    grace = timedelta(hours=schedule.grace_hours)
    for period in past_periods(schedule, timezone=timezone, now=now, lookback=grace):
        if period not in answered:
            return period
    return next_period(schedule, timezone=timezone, now=now)


def is_period(schedule: ReportSchedule, *, timezone: str, instant: datetime) -> bool:
    found = occurrences(
        schedule.rrule,
        start=series_start(schedule),
        timezone=timezone,
        window_start=instant,
        window_end=instant + timedelta(seconds=1),
    )
    return bool(found) and found[0] == instant


def start_of(day: date, timezone: str) -> datetime:
    return attach(datetime.combine(day, time.min), timezone)
