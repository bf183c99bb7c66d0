"""The dates a contract lives by: its notice deadline, the reminders before it, and the
rules its renewal terms must follow. Month arithmetic is dateutil's relativedelta: one
month before 31 March is 28 (or 29) February, never 3 March."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from app.core.errors import InvalidInput, field_error
from app.core.i18n import N_
from app.models.contract import PeriodUnit, Renewal

REMINDER_DAYS_BEFORE = (30, 7, 1)
RENEWAL_NEEDS_END = N_("A contract that renews needs an end date.")
NOTICE_NEEDS_END = N_("A notice period needs an end date to count back from.")
NOTICE_LONGER_THAN_TERM = N_("The notice period is longer than the contract's term.")
END_BEFORE_START = N_("The contract must end after it takes effect.")
TERM_NEEDED = N_("An automatic renewal needs a renewal term in months.")


def period(amount: int, unit: PeriodUnit) -> relativedelta:
    return relativedelta(months=amount) if unit == PeriodUnit.months else relativedelta(days=amount)


def notice_deadline(end_on: date | None, notice: int | None, unit: PeriodUnit) -> date | None:
    """The last day to give notice: the end date minus the notice period."""
    if end_on is None or notice is None:
        return None
    return end_on - period(notice, unit)


@dataclass(frozen=True)
class Reminder:
    on: date
    kind: str  # "lead", "30_days", "7_days", "1_day"
    days_before: int


def reminder_timeline(deadline: date, lead_days: int) -> list[Reminder]:
    """Reminders at deadline − lead days, −30, −7 and −1 day (one per day, earliest first)."""
    by_day: dict[date, Reminder] = {}
    for days, kind in (
        (lead_days, "lead"),
        *((d, f"{d}_days" if d > 1 else "1_day") for d in REMINDER_DAYS_BEFORE),
    ):
        day = deadline - timedelta(days=days)
        by_day.setdefault(day, Reminder(on=day, kind=kind, days_before=days))
    return sorted(by_day.values(), key=lambda r: r.on)


def check_terms(values: dict[str, Any]) -> None:
    """A renewal needs an end; a notice period must fit in the term; 422 naming the field."""
    errors: list[dict[str, Any]] = []

    def refuse(field: str, message: str, kind: str) -> None:
        errors.append(field_error(("body", field), message, kind))

    start, end = values.get("effective_on"), values.get("end_on")
    renewal = values.get("renewal", Renewal.none)
    notice = values.get("notice_period")
    if start is not None and end is not None and end <= start:
        refuse("end_on", END_BEFORE_START, "end_before_start")
    if renewal != Renewal.none and end is None:
        refuse("end_on", RENEWAL_NEEDS_END, "renewal_without_end")
    if renewal == Renewal.automatic and not values.get("renewal_term_months"):
        refuse("renewal_term_months", TERM_NEEDED, "renewal_term_missing")
    if notice is not None and end is None and renewal == Renewal.none:
        refuse("end_on", NOTICE_NEEDS_END, "notice_without_end")
    if notice is not None and start is not None and end is not None and end > start:
        deadline = notice_deadline(end, notice, values.get("notice_period_unit", PeriodUnit.days))
        if deadline is not None and deadline < start:
            refuse("notice_period", NOTICE_LONGER_THAN_TERM, "notice_longer_than_term")
    if errors:
        raise InvalidInput(errors[0]["msg"], errors=errors)
