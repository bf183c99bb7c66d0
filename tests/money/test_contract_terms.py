"""Notice deadlines across month ends and leap years, and the reminder timeline."""

from datetime import date

import pytest

from app.contracts.terms import notice_deadline, reminder_timeline
from app.models.contract import PeriodUnit


@pytest.mark.parametrize(
    ("end_on", "notice", "unit", "deadline"),
    [
        (date(2026, 3, 31), 1, PeriodUnit.months, date(2026, 2, 28)),  # no 31 February
        (date(2028, 3, 31), 1, PeriodUnit.months, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, PeriodUnit.months, date(2027, 2, 28)),
        (date(2026, 5, 31), 3, PeriodUnit.months, date(2026, 2, 28)),
        (date(2027, 1, 15), 30, PeriodUnit.days, date(2026, 12, 16)),  # across the year
        (date(2028, 3, 1), 1, PeriodUnit.days, date(2028, 2, 29)),
    ],
)
def test_notice_deadline_is_the_end_minus_the_notice_period(
    end_on: date, notice: int, unit: PeriodUnit, deadline: date
) -> None:
    assert notice_deadline(end_on, notice, unit) == deadline


def test_an_evergreen_contract_has_no_notice_deadline() -> None:
    assert notice_deadline(None, 3, PeriodUnit.months) is None


def test_reminders_come_at_the_lead_time_and_30_7_and_1_days_before() -> None:
    timeline = reminder_timeline(date(2027, 3, 1), lead_days=45)

    assert [(r.on, r.kind) for r in timeline] == [
        (date(2027, 1, 15), "lead"),
        (date(2027, 1, 30), "30_days"),
        (date(2027, 2, 22), "7_days"),
        (date(2027, 2, 28), "1_day"),
    ]


def test_a_lead_time_equal_to_a_fixed_reminder_reminds_once_that_day() -> None:
    timeline = reminder_timeline(date(2027, 3, 1), lead_days=7)

    assert [r.days_before for r in timeline] == [30, 7, 1]
