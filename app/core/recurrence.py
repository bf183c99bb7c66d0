"""Recurring schedules: the RFC 5545 RRULE subset Troupe accepts, expanded with dateutil.

The subset (work plans, report schedules, meetings, obligations):

    FREQ=DAILY|WEEKLY|MONTHLY   required
    INTERVAL=n                  1–999, default 1
    BYDAY=MO,FR | 1MO,-1FR      numbered days (1st … 5th, -1st … -5th) only with MONTHLY
    BYMONTHDAY=15 | -1          only with MONTHLY; months without that day are skipped
    COUNT=n | UNTIL=date        1–10000 occurrences, or a last date (YYYYMMDD), a local
                                date-time (YYYYMMDDTHHMMSS) or a UTC one (…Z); not both

A series starts at a naive local date-time (the plan's first date at its due time) and
is expanded over naive local times in the workspace's zone; only then is the zone
attached. So "every day at 09:00" stays at 09:00 across DST changes, and a local time
that falls in a DST gap or fold gives exactly one occurrence: in a gap it moves forward
by the gap (02:30 → 03:30 in New York in March), in a fold it is the first of the two.

`RRule` is the pydantic field type (a normalised string); `describe()` (in
`app.core.recurrence_text`) says a rule in words. Errors are `RecurrenceError`s whose
English templates are translated at the edge, like every other field error.
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from dateutil import rrule as du
from pydantic import Field

from app.core.i18n import N_
from app.core.validation import InvalidValue, checked_by

PARTS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAYS = tuple(range(5))  # Monday … Friday, as date.weekday() numbers them
MAX_INTERVAL = 999
MAX_COUNT = 10_000
MAX_LENGTH = 500
MAX_OCCURRENCES = 10_000  # returned at most per call (an endless rule, a huge window)


class Freq(StrEnum):
    daily = "DAILY"
    weekly = "WEEKLY"
    monthly = "MONTHLY"


_DU_FREQ: dict[Freq, Literal[1, 2, 3]] = {
    Freq.daily: du.DAILY,
    Freq.weekly: du.WEEKLY,
    Freq.monthly: du.MONTHLY,
}


class RecurrenceError(InvalidValue):
    """A rule outside the subset (`code`, and an English `template` marked for translation)."""


@dataclass(frozen=True)
class ByDay:
    weekday: int  # 0 = Monday … 6 = Sunday
    n: int | None = None  # 1 … 5 or -1 … -5: the nth (from the end) of the month

    def __str__(self) -> str:
        return f"{self.n or ''}{DAYS[self.weekday]}"


@dataclass(frozen=True)
class Rule:
    freq: Freq
    interval: int = 1
    by_day: tuple[ByDay, ...] = ()
    by_month_day: tuple[int, ...] = ()
    count: int | None = None
    until: date | datetime | None = None  # a date, a naive local or an aware UTC date-time

    def __str__(self) -> str:
        parts = [f"FREQ={self.freq}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.by_day:
            parts.append("BYDAY=" + ",".join(str(day) for day in self.by_day))
        if self.by_month_day:
            parts.append("BYMONTHDAY=" + ",".join(str(day) for day in self.by_month_day))
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.until is not None:
            parts.append(f"UNTIL={_format_until(self.until)}")
        return ";".join(parts)


def parse(text: str) -> Rule:
    """Read a rule (an optional `RRULE:` prefix, names in any case); raise `RecurrenceError`."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    if not body:
        raise RecurrenceError(
            "rrule_empty", N_("Give a recurrence rule, such as FREQ=WEEKLY;BYDAY=FR.")
        )
    if len(body) > MAX_LENGTH:
        raise RecurrenceError(
            "rrule_too_long",
            N_("A recurrence rule has at most {max} characters."),
            max=MAX_LENGTH,
        )
    values: dict[str, str] = {}
    for part in body.split(";"):
        name, sep, value = part.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if not sep or not name or not value:
            raise RecurrenceError(
                "rrule_syntax", N_("“{part}” is not of the form NAME=VALUE."), part=part
            )
        if name not in PARTS:
            raise RecurrenceError(
                "rrule_unknown_part",
                N_("{name} is not supported; use FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL."),
                name=name,
            )
        if name in values:
            raise RecurrenceError("rrule_repeated_part", N_("{name} is given twice."), name=name)
        values[name] = value
    return _rule(values)


def _rule(values: dict[str, str]) -> Rule:
    if "FREQ" not in values:
        raise RecurrenceError(
            "rrule_freq_missing", N_("FREQ is missing; use FREQ=DAILY, WEEKLY or MONTHLY.")
        )
    try:
        freq = Freq(values["FREQ"])
    except ValueError:
        raise RecurrenceError(
            "rrule_freq",
            N_("FREQ must be DAILY, WEEKLY or MONTHLY, not {value}."),
            value=values["FREQ"],
        ) from None
    if "COUNT" in values and "UNTIL" in values:
        raise RecurrenceError("rrule_count_and_until", N_("Give COUNT or UNTIL, not both."))
    return Rule(
        freq=freq,
        interval=_whole("INTERVAL", values.get("INTERVAL", "1"), MAX_INTERVAL),
        by_day=tuple(_by_day(item, freq) for item in _items(values, "BYDAY")),
        by_month_day=tuple(_by_month_day(item, freq) for item in _items(values, "BYMONTHDAY")),
        count=_whole("COUNT", values["COUNT"], MAX_COUNT) if "COUNT" in values else None,
        until=_until(values["UNTIL"]) if "UNTIL" in values else None,
    )


def _items(values: dict[str, str], name: str) -> list[str]:
    if name not in values:
        return []
    items = [item.strip() for item in values[name].split(",")]
    if len(items) != len(set(items)) or not all(items):
        raise RecurrenceError(
            "rrule_list", N_("{name} lists a value twice or an empty value."), name=name
        )
    return items


def _whole(name: str, value: str, maximum: int) -> int:
    if not value.isdigit() or not 1 <= int(value) <= maximum:
        raise RecurrenceError(
            "rrule_number",
            N_("{name} must be a whole number from 1 to {max}."),
            name=name,
            max=maximum,
        )
    return int(value)


def _by_day(item: str, freq: Freq) -> ByDay:
    day, prefix = item[-2:], item[:-2]
    if day not in DAYS or (prefix and not prefix.lstrip("+-").isdigit()):
        raise RecurrenceError(
            "rrule_byday", N_("“{value}” is not a day such as MO, 1MO or -1FR."), value=item
        )
    if not prefix:
        return ByDay(DAYS.index(day))
    n = int(prefix)
    if freq is not Freq.monthly:
        raise RecurrenceError(
            "rrule_byday_number",
            N_("A numbered day such as {value} needs FREQ=MONTHLY."),
            value=item,
        )
    if not 1 <= abs(n) <= 5:
        raise RecurrenceError(
            "rrule_byday_number",
            N_("{value}: a month has a 1st to 5th (or -1st to -5th) weekday, no other."),
            value=item,
        )
    return ByDay(DAYS.index(day), n)


def _by_month_day(item: str, freq: Freq) -> int:
    if freq is not Freq.monthly:
        raise RecurrenceError("rrule_bymonthday_freq", N_("BYMONTHDAY needs FREQ=MONTHLY."))
    if not item.lstrip("+-").isdigit() or not 1 <= abs(int(item)) <= 31:
        raise RecurrenceError(
            "rrule_bymonthday",
            N_("BYMONTHDAY must be a day of the month from 1 to 31 or -1 to -31, not {value}."),
            value=item,
        )
    return int(item)


def _until(value: str) -> date | datetime:
    formats = (("%Y%m%dT%H%M%SZ", True), ("%Y%m%dT%H%M%S", False), ("%Y%m%d", False))
    for pattern, utc in formats:
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        if utc:
            return parsed.replace(tzinfo=UTC)
        return parsed.date() if len(value) == 8 else parsed
    raise RecurrenceError(
        "rrule_until",
        N_("UNTIL must be a real date such as 20261231, or 20261231T180000 (Z for UTC)."),
    )


def _format_until(until: date | datetime) -> str:
    if not isinstance(until, datetime):
        return until.strftime("%Y%m%d")
    return until.strftime("%Y%m%dT%H%M%S") + ("Z" if until.tzinfo else "")


def normalize(text: str) -> str:
    """The rule in canonical form (`FREQ` first, upper case, defaults left out)."""
    return str(parse(text))


RRule = Annotated[
    str,
    Field(
        max_length=MAX_LENGTH,
        description="An RFC 5545 RRULE of the subset FREQ (DAILY, WEEKLY, MONTHLY), INTERVAL, "
        "BYDAY (MO, 1MO, -1FR), BYMONTHDAY (15, -1), COUNT or UNTIL; returned normalised.",
        examples=["FREQ=WEEKLY;BYDAY=FR", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=DAILY;COUNT=10"],
    ),
    checked_by(normalize),
]


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
    inclusive: bool = False,
    skip_weekends: bool = False,
) -> Iterator[datetime]:
    """Occurrences (aware, in the zone) after the instant `after`, in order, lazily.

    `skip_weekends` leaves out Saturdays and Sundays (local); for a DAILY rule without
    BYDAY it means "every working day", so COUNT counts working days.
    """
    zone = _zone(timezone)
    parsed = _as_rule(rule)
    series = _series(parsed, start, zone, skip_weekends=skip_weekends)
    # One day of margin: a local time near the bound may map to an instant on either side.
    for local in series.xafter(_local(after, zone) - timedelta(days=1), inc=True):
        if skip_weekends and local.weekday() not in WEEKDAYS:
            continue
        instant = attach(local, zone)
        if instant > after or (inclusive and instant == after):
            yield instant


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
        inclusive=True,
        skip_weekends=skip_weekends,
    ):
        if instant >= window_end or len(found) >= limit:
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
