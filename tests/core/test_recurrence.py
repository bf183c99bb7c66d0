"""Recurrence rules: the RRULE subset, DST edges, completion anchors, rules in words."""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.core import recurrence
from app.core.errors import InvalidInput
from app.core.problems import install_problem_handlers
from app.core.recurrence import (
    RecurrenceError,
    RRule,
    next_after_completion,
    next_occurrences,
    occurrences,
    parse,
)
from app.core.recurrence_text import describe
from tests.core.apps import echo_client, field_errors

NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(instants: list[datetime]) -> list[str]:
    return [instant.isoformat() for instant in instants]


def window(rule: str, start: datetime, zone: ZoneInfo, days: int, **kwargs: Any) -> list[str]:
    begin = start.replace(tzinfo=zone)
    return local(
        occurrences(
            rule,
            start=start,
            timezone=zone,
            window_start=begin,
            window_end=begin + timedelta(days=days),
            **kwargs,
        )
    )


class Rule(BaseModel):
    rule: RRule


# Parsing and validation ------------------------------------------------------------------


def test_rules_are_normalised_to_one_canonical_form() -> None:
    written = "rrule:byday=+1mo,-1fr; freq=monthly ;interval=2;until=20261231"

    assert recurrence.normalize(written) == "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO,-1FR;UNTIL=20261231"


def test_interval_of_one_is_left_out_and_until_keeps_its_form() -> None:
    assert recurrence.normalize("FREQ=DAILY;INTERVAL=1") == "FREQ=DAILY"
    assert recurrence.normalize("FREQ=DAILY;UNTIL=20261231T180000Z") == (
        "FREQ=DAILY;UNTIL=20261231T180000Z"
    )
    assert recurrence.normalize("FREQ=DAILY;UNTIL=20261231T180000") == (
        "FREQ=DAILY;UNTIL=20261231T180000"
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "rrule_empty"),
        ("RRULE:", "rrule_empty"),
        ("FREQ", "rrule_syntax"),
        ("FREQ=DAILY;;COUNT=2", "rrule_syntax"),
        ("FREQ=DAILY;BYHOUR=9", "rrule_unknown_part"),
        ("FREQ=DAILY;WKST=MO", "rrule_unknown_part"),
        ("FREQ=DAILY;FREQ=WEEKLY", "rrule_repeated_part"),
        ("INTERVAL=2;BYDAY=MO", "rrule_freq_missing"),
        ("FREQ=YEARLY", "rrule_freq"),
        ("FREQ=HOURLY", "rrule_freq"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20261231", "rrule_count_and_until"),
        ("FREQ=DAILY;INTERVAL=0", "rrule_number"),
        ("FREQ=DAILY;INTERVAL=-1", "rrule_number"),
        ("FREQ=DAILY;INTERVAL=1000", "rrule_number"),
        ("FREQ=DAILY;COUNT=0", "rrule_number"),
        ("FREQ=DAILY;COUNT=ten", "rrule_number"),
        ("FREQ=DAILY;COUNT=10001", "rrule_number"),
        ("FREQ=WEEKLY;BYDAY=XX", "rrule_byday"),
        ("FREQ=WEEKLY;BYDAY=MONDAY", "rrule_byday"),
        ("FREQ=WEEKLY;BYDAY=MO,MO", "rrule_list"),
        ("FREQ=WEEKLY;BYDAY=MO,", "rrule_list"),
        ("FREQ=WEEKLY;BYDAY=1MO", "rrule_byday_number"),
        ("FREQ=MONTHLY;BYDAY=6MO", "rrule_byday_number"),
        ("FREQ=MONTHLY;BYDAY=0MO", "rrule_byday_number"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "rrule_bymonthday"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "rrule_bymonthday"),
        ("FREQ=MONTHLY;BYMONTHDAY=-32", "rrule_bymonthday"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "rrule_bymonthday_freq"),
        ("FREQ=DAILY;UNTIL=20260231", "rrule_until"),
        ("FREQ=DAILY;UNTIL=2026-12-31", "rrule_until"),
        ("FREQ=DAILY;UNTIL=20261231T250000", "rrule_until"),
        ("FREQ=DAILY;COUNT=" + "1" * 600, "rrule_too_long"),
    ],
)
def test_rules_outside_the_subset_are_refused_with_a_code(text: str, code: str) -> None:
    with pytest.raises(RecurrenceError) as refused:
        parse(text)

    assert refused.value.code == code
    assert str(refused.value)  # an English sentence, placeholders filled


def test_the_pydantic_type_normalises_valid_rules() -> None:
    assert Rule(rule="freq=weekly;byday=fr").rule == "FREQ=WEEKLY;BYDAY=FR"


def test_an_invalid_rule_is_a_422_naming_the_field_in_the_callers_language() -> None:
    client = echo_client(Rule)

    english = client.post("/echo", json={"rule": "FREQ=DAILY;COUNT=2;UNTIL=20261231"})
    chinese = client.post(
        "/echo", json={"rule": "FREQ=YEARLY"}, headers={"Accept-Language": "zh-CN"}
    )

    assert field_errors(english) == [
        (["body", "rule"], "rrule_count_and_until", "Give COUNT or UNTIL, not both.")
    ]
    assert field_errors(chinese) == [
        (["body", "rule"], "rrule_freq", "FREQ 只能是 DAILY、WEEKLY 或 MONTHLY，不能是 YEARLY。")
    ]


def test_a_service_can_raise_the_error_as_a_translated_field_error() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/plan")
    def plan() -> None:
        try:
            parse("FREQ=DAILY;BYHOUR=9")
        except RecurrenceError as exc:
            raise InvalidInput(errors=[exc.field_error(("body", "rrule"))]) from exc

    response = TestClient(app).get("/plan", headers={"Accept-Language": "zh-CN"})

    assert field_errors(response) == [
        (
            ["body", "rrule"],
            "rrule_unknown_part",
            "不支持 BYHOUR；请使用 FREQ、INTERVAL、BYDAY、BYMONTHDAY、COUNT、UNTIL。",
        )
    ]


# Expansion ---------------------------------------------------------------------------------


def test_weekly_on_friday_in_shanghai_is_at_the_local_due_time() -> None:
    found = window("FREQ=WEEKLY;BYDAY=FR", datetime(2026, 1, 1, 18), SHANGHAI, 21)

    assert found == [
        "2026-01-02T18:00:00+08:00",
        "2026-01-09T18:00:00+08:00",
        "2026-01-16T18:00:00+08:00",
    ]


def test_numbered_weekdays_of_the_month() -> None:
    start = datetime(2026, 1, 1, 10)

    assert window("FREQ=MONTHLY;BYDAY=-1FR", start, SHANGHAI, 90) == [
        "2026-01-30T10:00:00+08:00",
        "2026-02-27T10:00:00+08:00",
        "2026-03-27T10:00:00+08:00",
    ]
    assert window("FREQ=MONTHLY;BYDAY=1MO", start, SHANGHAI, 70) == [
        "2026-01-05T10:00:00+08:00",
        "2026-02-02T10:00:00+08:00",
        "2026-03-02T10:00:00+08:00",
    ]


def test_last_day_of_the_month_follows_month_lengths_and_leap_years() -> None:
    found = window("FREQ=MONTHLY;BYMONTHDAY=-1", datetime(2028, 1, 1, 9), SHANGHAI, 100)

    assert found == [
        "2028-01-31T09:00:00+08:00",
        "2028-02-29T09:00:00+08:00",
        "2028-03-31T09:00:00+08:00",
    ]


def test_a_month_day_that_a_month_lacks_skips_that_month() -> None:
    found = window("FREQ=MONTHLY;BYMONTHDAY=31", datetime(2026, 1, 1, 9), SHANGHAI, 120)

    assert found == ["2026-01-31T09:00:00+08:00", "2026-03-31T09:00:00+08:00"]


def test_interval_count_and_until_bound_the_series() -> None:
    start = datetime(2026, 1, 1, 9)

    every_other = window("FREQ=DAILY;INTERVAL=2;COUNT=3", start, SHANGHAI, 30)
    until_day = window("FREQ=DAILY;UNTIL=20260103", start, SHANGHAI, 30)
    until_utc = window("FREQ=DAILY;UNTIL=20260103T005959Z", start, SHANGHAI, 30)

    assert every_other == [
        "2026-01-01T09:00:00+08:00",
        "2026-01-03T09:00:00+08:00",
        "2026-01-05T09:00:00+08:00",
    ]
    assert until_day[-1] == "2026-01-03T09:00:00+08:00"  # the whole last day counts
    assert until_utc[-1] == "2026-01-02T09:00:00+08:00"  # 08:59:59 local on the 3rd


def test_the_window_is_half_open() -> None:
    start = datetime(2026, 1, 1, 9)
    first = start.replace(tzinfo=SHANGHAI)

    found = occurrences(
        "FREQ=DAILY",
        start=start,
        timezone="Asia/Shanghai",
        window_start=first,
        window_end=first + timedelta(days=2),
    )

    assert local(found) == ["2026-01-01T09:00:00+08:00", "2026-01-02T09:00:00+08:00"]


def test_a_local_time_keeps_its_wall_clock_across_dst() -> None:
    found = window("FREQ=DAILY", datetime(2026, 3, 7, 9), NEW_YORK, 3)

    assert found == [
        "2026-03-07T09:00:00-05:00",
        "2026-03-08T09:00:00-04:00",
        "2026-03-09T09:00:00-04:00",
    ]


def test_a_time_in_the_spring_gap_gives_exactly_one_occurrence_moved_forward() -> None:
    found = window("FREQ=DAILY", datetime(2026, 3, 7, 2, 30), NEW_YORK, 3)

    assert found == [
        "2026-03-07T02:30:00-05:00",
        "2026-03-08T03:30:00-04:00",  # 02:30 does not exist that night
        "2026-03-09T02:30:00-04:00",
    ]


def test_a_time_in_the_autumn_fold_gives_exactly_one_occurrence_the_first() -> None:
    found = window("FREQ=DAILY", datetime(2026, 10, 31, 1, 30), NEW_YORK, 3)

    assert found == [
        "2026-10-31T01:30:00-04:00",
        "2026-11-01T01:30:00-04:00",  # 01:30 happens twice; the first (EDT) one counts
        "2026-11-02T01:30:00-05:00",
    ]


def test_shanghai_has_no_dst_today_but_its_1988_gap_and_fold_give_one_occurrence() -> None:
    today = window("FREQ=WEEKLY;BYDAY=MO", datetime(2026, 3, 1, 2, 30), SHANGHAI, 250)
    spring = window("FREQ=DAILY", datetime(1988, 4, 16, 2, 30), SHANGHAI, 3)
    autumn = window("FREQ=DAILY", datetime(1988, 9, 10, 1, 30), SHANGHAI, 3)

    assert {instant[-6:] for instant in today} == {"+08:00"}
    assert {instant[11:19] for instant in today} == {"02:30:00"}
    assert spring == [
        "1988-04-16T02:30:00+08:00",
        "1988-04-17T03:30:00+09:00",
        "1988-04-18T02:30:00+09:00",
    ]
    assert autumn == [
        "1988-09-10T01:30:00+09:00",
        "1988-09-11T01:30:00+09:00",
        "1988-09-12T01:30:00+08:00",
    ]


def test_skip_weekends_makes_a_daily_count_count_working_days() -> None:
    found = window("FREQ=DAILY;COUNT=6", datetime(2026, 1, 2, 9), SHANGHAI, 30, skip_weekends=True)

    assert [instant[:10] for instant in found] == [
        "2026-01-02",  # Friday
        "2026-01-05",
        "2026-01-06",
        "2026-01-07",
        "2026-01-08",
        "2026-01-09",
    ]


def test_skip_weekends_drops_weekend_days_of_other_rules() -> None:
    rule = "FREQ=WEEKLY;BYDAY=SA,MO"

    found = window(rule, datetime(2026, 1, 1, 9), SHANGHAI, 14, skip_weekends=True)

    assert [instant[:10] for instant in found] == ["2026-01-05", "2026-01-12"]


def test_a_weekend_only_rule_that_skips_weekends_has_no_occurrences() -> None:
    saturday = datetime(2026, 1, 3, 9)
    after = saturday.replace(tzinfo=SHANGHAI)

    for rule in ("FREQ=WEEKLY;BYDAY=SA,SU", "FREQ=WEEKLY", "FREQ=MONTHLY;BYDAY=1SA"):
        assert window(rule, saturday, SHANGHAI, 60, skip_weekends=True) == []
        assert (
            next_occurrences(
                rule, start=saturday, timezone=SHANGHAI, after=after, count=1, skip_weekends=True
            )
            == []
        )


def test_next_occurrences_are_strictly_after_the_instant_and_stop_with_the_series() -> None:
    after = datetime(2026, 1, 9, 18, tzinfo=SHANGHAI)  # exactly the second Friday

    upcoming = next_occurrences(
        "FREQ=WEEKLY;BYDAY=FR;COUNT=4",
        start=datetime(2026, 1, 1, 18),
        timezone=SHANGHAI,
        after=after,
        count=5,
    )

    assert local(upcoming) == ["2026-01-16T18:00:00+08:00", "2026-01-23T18:00:00+08:00"]


def test_a_huge_window_is_capped_by_the_limit() -> None:
    start = datetime(2026, 1, 1, 9)
    begin = start.replace(tzinfo=SHANGHAI)

    found = occurrences(
        "FREQ=DAILY",
        start=start,
        timezone=SHANGHAI,
        window_start=begin,
        window_end=begin + timedelta(days=365 * 100),
        limit=50,
    )

    assert len(found) == 50


def test_naive_instants_and_aware_starts_are_programming_errors() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_occurrences(
            "FREQ=DAILY",
            start=datetime(2026, 1, 1),
            timezone=SHANGHAI,
            after=datetime(2026, 1, 1),
            count=1,
        )
    with pytest.raises(ValueError, match="naive"):
        next_occurrences(
            "FREQ=DAILY",
            start=datetime(2026, 1, 1, tzinfo=UTC),
            timezone=SHANGHAI,
            after=datetime(2026, 1, 1, tzinfo=UTC),
            count=1,
        )


# Completion anchor -----------------------------------------------------------------------------


def completion(rule: str, completed: datetime, now: datetime, **kwargs: Any) -> str | None:
    due = next_after_completion(
        rule,
        start=datetime(2026, 1, 1, 18),
        timezone=SHANGHAI,
        completed_at=completed.replace(tzinfo=SHANGHAI),
        now=now.replace(tzinfo=SHANGHAI),
        **kwargs,
    )
    return due.isoformat() if due else None


def test_completion_anchor_counts_the_interval_from_when_it_was_done() -> None:
    done = datetime(2026, 1, 10, 11)

    assert completion("FREQ=DAILY;INTERVAL=3", done, done) == "2026-01-13T18:00:00+08:00"


def test_completion_anchor_done_before_the_due_time_still_moves_to_the_next_period() -> None:
    done_friday_morning = datetime(2026, 1, 9, 8)

    due = completion("FREQ=WEEKLY;BYDAY=FR", done_friday_morning, done_friday_morning)

    assert due == "2026-01-16T18:00:00+08:00"


def test_completion_anchor_is_never_in_the_past() -> None:
    done_long_ago = datetime(2026, 1, 2, 9)
    now = datetime(2026, 3, 4, 12)

    due = completion("FREQ=DAILY;INTERVAL=3", done_long_ago, now)

    assert due == "2026-03-06T18:00:00+08:00"  # Jan 2 + 63 days: the first one after now


def test_completion_anchor_before_the_series_began_keeps_the_planned_start() -> None:
    early = datetime(2025, 12, 20, 9)

    assert completion("FREQ=DAILY", early, early) == "2026-01-01T18:00:00+08:00"


def test_completion_anchor_ends_with_until_and_with_count() -> None:
    done = datetime(2026, 1, 30, 9)

    assert completion("FREQ=WEEKLY;UNTIL=20260131", done, done) is None
    assert completion("FREQ=DAILY;COUNT=3", done, done, done_count=3) is None
    assert completion("FREQ=DAILY;COUNT=3", done, done, done_count=2) == (
        "2026-01-31T18:00:00+08:00"
    )


# In words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "english", "chinese"),
    [
        ("FREQ=WEEKLY;BYDAY=FR", "every week on Friday", "每周五"),
        ("FREQ=WEEKLY;BYDAY=MO,FR", "every week on Monday and Friday", "每周一和周五"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every 2 weeks on Friday", "每 2 周的周五"),
        ("FREQ=DAILY", "every day", "每天"),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "every working day", "每个工作日"),
        ("FREQ=DAILY;INTERVAL=3;COUNT=5", "every 3 days, 5 times", "每 3 天，共 5 次"),
        ("FREQ=MONTHLY;COUNT=1", "every month, once", "每月，共 1 次"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Friday", "每月最后一个周五"),
        ("FREQ=MONTHLY;BYDAY=2TU", "every month on the second Tuesday", "每月第二个周二"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day", "每月最后一天"),
        (
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-2",
            "every 3 months on the 2nd-to-last day",
            "每 3 个月的倒数第 2 天",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=1,22;UNTIL=20261231",
            "every month on the 1st and the 22nd, until December 31, 2026",
            "每月1日和22日，直到2026年12月31日",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR",
            "every month on the 13th, when it falls on Friday",
            "每月13日（逢周五时）",
        ),
    ],
)
def test_rules_are_described_in_english_and_chinese(rule: str, english: str, chinese: str) -> None:
    assert describe(rule, "en") == english
    assert describe(rule, "zh-CN") == chinese


def test_skipping_weekends_is_said() -> None:
    assert describe("FREQ=DAILY", "en", skip_weekends=True) == "every day, skipping weekends"
    assert describe("FREQ=DAILY", "zh-CN", skip_weekends=True) == "每天（跳过周末）"
