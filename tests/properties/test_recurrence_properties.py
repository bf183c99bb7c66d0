"""Properties of expanded recurrences over random rules, zones and DST seasons."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from app.core.recurrence import ByDay, Freq, Rule, attach, occurrences
from tests.properties.support import PROPERTY_SETTINGS

ZONES = ["America/New_York", "Asia/Shanghai", "Europe/Berlin", "Australia/Sydney", "UTC"]

rules = st.builds(
    Rule,
    freq=st.sampled_from(list(Freq)),
    interval=st.integers(1, 4),
    count=st.one_of(st.none(), st.integers(1, 40)),
)
weekly_days = st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True).map(
    lambda days: tuple(ByDay(day) for day in sorted(days))
)


@PROPERTY_SETTINGS
@given(
    rule=rules,
    days=weekly_days,
    zone=st.sampled_from(ZONES),
    start_day=st.dates(datetime(2025, 1, 1).date(), datetime(2027, 12, 31).date()),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    skip_weekends=st.booleans(),
)
def test_occurrences_are_ordered_unique_in_the_window_and_at_the_planned_local_time(
    rule: Rule,
    days: tuple[ByDay, ...],
    zone: str,
    start_day: date,
    at: time,
    skip_weekends: bool,
) -> None:
    if rule.freq is Freq.weekly:
        rule = Rule(rule.freq, rule.interval, days, count=rule.count)
    start = datetime.combine(start_day, at)
    window_start = attach(start, zone)
    window_end = window_start + timedelta(days=120)

    found = occurrences(
        rule,
        start=start,
        timezone=zone,
        window_start=window_start,
        window_end=window_end,
        skip_weekends=skip_weekends,
    )

    assert found == sorted(set(found))  # one per local date: never two, in order
    assert all(window_start <= instant < window_end for instant in found)
    assert len(found) <= (rule.count or len(found))
    for instant in found:
        local = instant.astimezone(ZoneInfo(zone))
        shifted = local.replace(tzinfo=None) - datetime.combine(local.date(), at)
        # At the planned wall-clock time, or moved forward by at most a DST gap (≤ 1 h).
        assert timedelta(0) <= shifted <= timedelta(hours=1)
        assert not skip_weekends or local.weekday() < 5
    if rule.freq is Freq.weekly:
        assert {instant.astimezone(ZoneInfo(zone)).weekday() for instant in found} <= {
            day.weekday for day in days
        }
