"""The RFC 5545 RRULE subset Troupe accepts: parsed, validated, normalised.

    FREQ=DAILY|WEEKLY|MONTHLY   required
    INTERVAL=n                  1–999, default 1
    BYDAY=MO,FR | 1MO,-1FR      numbered days (1st … 5th, -1st … -5th) only with MONTHLY
    BYMONTHDAY=15 | -1          only with MONTHLY; months without that day are skipped
    COUNT=n | UNTIL=date        1–10000 occurrences, or a last date (YYYYMMDD), a local
                                date-time (YYYYMMDDTHHMMSS) or a UTC one (…Z); not both

`RRule` is the pydantic field type (the rule normalised). Errors are `RecurrenceError`s
(a `code`, an English template translated at the edge, like every field error).
Expansion is in `app.core.recurrence`, words in `app.core.recurrence_text`.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from app.core.i18n import N_
from app.core.validation import InvalidValue, checked_by

PARTS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAYS = tuple(range(5))  # Monday … Friday, as date.weekday() numbers them
MAX_INTERVAL = 999
MAX_COUNT = 10_000
MAX_LENGTH = 500


class Freq(StrEnum):
    daily = "DAILY"
    weekly = "WEEKLY"
    monthly = "MONTHLY"


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
