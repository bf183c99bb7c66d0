"""Series: the database buckets datapoints by day, ISO week or month of the workspace's
time zone (daylight saving time included) and aggregates them; empty buckets are null."""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.factories import Caller, created, join


def metric_id(caller: Caller, key: str) -> str:
    items = caller.get("metrics", params={"q": key, "limit": 200}).json()["items"]
    return str(next(m["id"] for m in items if m["key"] == key))


def record(
    caller: Caller, *points: tuple[str, float, str], allow_future: bool = False, **extra: Any
) -> None:
    items = [{"metric": m, "value": v, "observed_at": at, **extra} for m, v, at in points]
    created(caller.post("datapoints", json={"items": items, "allow_future": allow_future}))


def series(caller: Caller, key: str, **params: Any) -> dict[str, Any]:
    response = caller.get(f"metrics/{metric_id(caller, key)}/series", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def values(body: dict[str, Any]) -> list[float | None]:
    return [p["value"] for p in body["points"]]


def starts(body: dict[str, Any]) -> list[str]:
    return [p["start"] for p in body["points"]]


def instants(body: dict[str, Any]) -> list[datetime]:
    return [datetime.fromisoformat(p["start"]) for p in body["points"]]


def use_timezone(caller: Caller, timezone: str) -> None:
    assert caller.patch("", json={"timezone": timezone}).status_code == 200


@contextmanager
def counting_statements(connection: Connection) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(connection, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", count)


def test_day_buckets_sum_their_datapoints_and_empty_days_are_null(owner: Caller) -> None:
    record(
        owner,
        ("content_views", 100, "2026-03-01T00:00:00Z"),
        ("content_views", 50, "2026-03-01T23:59:59.999Z"),
        ("content_views", 7, "2026-03-03T12:00:00Z"),
        ("content_views", 1000, "2026-03-05T00:00:00Z"),  # after `to`
        ("content_views", 1000, "2026-02-28T23:59:59Z"),  # before `from`
        ("revenue", 1000, "2026-03-02T12:00:00Z"),  # another metric
    )

    body = series(
        owner, "content_views", granularity="day", **{"from": "2026-03-01", "to": "2026-03-04"}
    )

    assert values(body) == [150, None, 7, None]
    assert instants(body) == [datetime(2026, 3, d, tzinfo=UTC) for d in (1, 2, 3, 4)]
    assert body["metric_key"] == "content_views"
    assert body["metric_id"] == metric_id(owner, "content_views")
    assert body["granularity"] == "day"
    assert body["timezone"] == "UTC"
    assert (body["from"], body["to"]) == ("2026-03-01", "2026-03-04")


def test_week_buckets_start_on_monday_and_count_only_days_in_range(owner: Caller) -> None:
    use_timezone(owner, "Asia/Shanghai")
    record(
        owner,
        ("content_views", 1000, "2026-03-03T12:00:00+08:00"),  # Tuesday, before `from`
        ("content_views", 1, "2026-03-04T12:00:00+08:00"),  # Wednesday
        ("content_views", 2, "2026-03-08T23:59:00+08:00"),  # Sunday
        ("content_views", 4, "2026-03-09T00:00:00+08:00"),  # Monday
        ("content_views", 8, "2026-03-18T23:00:00+08:00"),  # Wednesday, `to`
        ("content_views", 1000, "2026-03-19T01:00:00+08:00"),  # after `to`
    )

    body = series(
        owner, "content_views", granularity="week", **{"from": "2026-03-04", "to": "2026-03-18"}
    )

    assert starts(body) == [
        "2026-03-02T00:00:00+08:00",
        "2026-03-09T00:00:00+08:00",
        "2026-03-16T00:00:00+08:00",
    ]
    assert all(start.weekday() == 0 for start in instants(body))
    assert values(body) == [3, 4, 8]


def test_month_buckets_start_on_the_first(owner: Caller) -> None:
    use_timezone(owner, "Europe/Berlin")
    record(
        owner,
        ("revenue", 10, "2026-01-31T22:59:00Z"),  # 23:59 in Berlin: January
        ("revenue", 20, "2026-01-31T23:00:00Z"),  # midnight in Berlin: February
        ("revenue", 30, "2026-04-10T12:00:00Z"),
    )

    body = series(
        owner, "revenue", granularity="month", **{"from": "2026-01-15", "to": "2026-04-30"}
    )

    assert starts(body) == [
        "2026-01-01T00:00:00+01:00",
        "2026-02-01T00:00:00+01:00",
        "2026-03-01T00:00:00+01:00",
        "2026-04-01T00:00:00+02:00",
    ]
    assert values(body) == [10, 20, None, 30]


def test_a_shanghai_workspace_puts_5pm_utc_into_the_next_local_day(owner: Caller) -> None:
    use_timezone(owner, "Asia/Shanghai")
    record(owner, ("content_views", 42, "2026-03-01T17:00:00Z"))

    body = series(
        owner, "content_views", granularity="day", **{"from": "2026-03-01", "to": "2026-03-02"}
    )

    assert body["timezone"] == "Asia/Shanghai"
    assert body["points"] == [
        {"start": "2026-03-01T00:00:00+08:00", "value": None},
        {"start": "2026-03-02T00:00:00+08:00", "value": 42},
    ]


def test_new_york_buckets_follow_the_local_day_across_the_dst_change(owner: Caller) -> None:
    use_timezone(owner, "America/New_York")
    record(
        owner,
        ("content_views", 1, "2026-03-08T04:30:00Z"),  # Mar 7, 23:30 EST
        ("content_views", 2, "2026-03-08T06:59:59Z"),  # Mar 8, 01:59 EST
        ("content_views", 4, "2026-03-08T07:00:00Z"),  # Mar 8, 03:00 EDT
        ("content_views", 8, "2026-03-09T03:59:00Z"),  # Mar 8, 23:59 EDT
        ("content_views", 16, "2026-03-09T04:30:00Z"),  # Mar 9, 00:30 EDT
    )

    body = series(
        owner, "content_views", granularity="day", **{"from": "2026-03-07", "to": "2026-03-09"}
    )

    assert body["points"] == [
        {"start": "2026-03-07T00:00:00-05:00", "value": 1},
        {"start": "2026-03-08T00:00:00-05:00", "value": 14},
        {"start": "2026-03-09T00:00:00-04:00", "value": 16},
    ]


def test_a_day_that_skips_midnight_starts_at_its_first_real_instant(owner: Caller) -> None:
    use_timezone(owner, "America/Havana")  # clocks jump from 00:00 to 01:00 on 2026-03-08
    record(
        owner,
        ("content_views", 1, "2026-03-08T04:59:00Z"),  # Mar 7, 23:59 CST
        ("content_views", 2, "2026-03-08T05:00:00Z"),  # Mar 8, 01:00 CDT
    )

    body = series(
        owner, "content_views", granularity="day", **{"from": "2026-03-07", "to": "2026-03-08"}
    )

    assert body["points"] == [
        {"start": "2026-03-07T00:00:00-05:00", "value": 1},
        {"start": "2026-03-08T01:00:00-04:00", "value": 2},
    ]


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [("sum", [12, 5]), ("avg", [4, 5]), ("min", [1, 5]), ("max", [7, 5]), ("last", [1, 5])],
)
def test_each_aggregation_combines_a_buckets_datapoints(
    owner: Caller, aggregation: str, expected: list[float]
) -> None:
    created(
        owner.post(
            "metrics",
            json={
                "key": "probe",
                "name": "Probe",
                "category": "operations",
                "aggregation": aggregation,
            },
        )
    )
    record(  # posted out of order: `last` is the latest observation, not the latest post
        owner,
        ("probe", 1, "2026-03-01T22:00:00Z"),
        ("probe", 4, "2026-03-01T08:00:00Z"),
        ("probe", 7, "2026-03-01T15:00:00Z"),
        ("probe", 5, "2026-03-02T09:00:00Z"),
    )

    body = series(owner, "probe", granularity="day", **{"from": "2026-03-01", "to": "2026-03-03"})

    assert values(body) == [*expected, None]


def test_last_takes_the_latest_observation_and_avg_the_mean_with_seeded_metrics(
    owner: Caller,
) -> None:
    record(
        owner,
        ("followers", 300, "2026-03-02T20:00:00Z"),
        ("followers", 100, "2026-03-02T10:00:00Z"),
        ("followers", 200, "2026-03-02T15:00:00Z"),
        ("followers", 310, "2026-03-03T09:00:00Z"),
        ("active_members", 10, "2026-03-02T10:00:00Z"),
        ("active_members", 25, "2026-03-02T11:00:00Z"),
    )
    period = {"granularity": "day", "from": "2026-03-02", "to": "2026-03-03"}

    assert values(series(owner, "followers", **period)) == [300, 310]
    assert values(series(owner, "active_members", **period)) == [17.5, None]
    assert values(series(owner, "followers", **{**period, "granularity": "week"})) == [310]


def test_ratio_metric_series_divides_sums_per_bucket(owner: Caller) -> None:
    record(
        owner,
        ("content_interactions", 10, "2026-03-01T08:00:00Z"),
        ("content_interactions", 20, "2026-03-01T09:00:00Z"),
        ("content_views", 100, "2026-03-01T08:00:00Z"),
        ("content_views", 200, "2026-03-01T10:00:00Z"),
        ("content_interactions", 5, "2026-03-02T08:00:00Z"),
        ("content_views", 0, "2026-03-02T08:00:00Z"),  # denominator 0
        ("content_interactions", 5, "2026-03-03T08:00:00Z"),  # no denominator
        ("content_views", 50, "2026-03-04T08:00:00Z"),  # no numerator
    )

    body = series(
        owner, "engagement_rate", granularity="day", **{"from": "2026-03-01", "to": "2026-03-05"}
    )

    assert values(body) == [pytest.approx(0.1), None, None, None, None]
    assert body["metric_key"] == "engagement_rate"


def test_ratio_metric_over_a_week_divides_the_weeks_sums_not_the_mean_of_days(
    owner: Caller,
) -> None:
    record(
        owner,
        ("content_interactions", 1, "2026-03-02T08:00:00Z"),
        ("content_views", 10, "2026-03-02T08:00:00Z"),
        ("content_interactions", 9, "2026-03-03T08:00:00Z"),
        ("content_views", 990, "2026-03-03T08:00:00Z"),
    )

    body = series(
        owner, "engagement_rate", granularity="week", **{"from": "2026-03-02", "to": "2026-03-08"}
    )

    assert values(body) == [pytest.approx(10 / 1000)]


def test_series_filter_by_campaign_member_and_channel(owner: Caller) -> None:
    spring = created(owner.post("campaigns", json={"name": "Spring", "kind": "content"}))["id"]
    at = "2026-03-01T12:00:00Z"
    record(owner, ("content_views", 1, at), channel="bilibili", campaign_id=spring)
    record(owner, ("content_views", 2, at), channel="douyin", campaign_id=spring)
    record(owner, ("content_views", 4, at), channel="bilibili", member_id=str(owner.member_id))
    record(owner, ("content_interactions", 1, at), channel="bilibili", campaign_id=spring)
    record(owner, ("content_interactions", 9, at), channel="douyin")
    day = {"granularity": "day", "from": "2026-03-01", "to": "2026-03-01"}

    assert values(series(owner, "content_views", **day)) == [7]
    assert values(series(owner, "content_views", **day, channel="bilibili")) == [5]
    assert values(series(owner, "content_views", **day, campaign_id=spring)) == [3]
    assert values(series(owner, "content_views", **day, member_id=str(owner.member_id))) == [4]
    assert values(series(owner, "content_views", **day, campaign_id=spring, channel="douyin")) == [
        2
    ]
    assert values(series(owner, "content_views", **day, channel="wechat")) == [None]
    assert values(series(owner, "engagement_rate", **day, campaign_id=spring)) == [
        pytest.approx(1 / 3)
    ]
    assert values(series(owner, "engagement_rate", **day, channel="douyin")) == [
        pytest.approx(9 / 2)
    ]


def _local_bucket(granularity: str) -> Callable[[date], date]:
    if granularity == "day":
        return lambda d: d
    if granularity == "week":
        return lambda d: d - timedelta(days=d.weekday())
    return lambda d: d.replace(day=1)


@pytest.mark.parametrize(
    "timezone", ["America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Havana"]
)
@pytest.mark.parametrize("granularity", ["day", "week", "month"])
def test_a_year_of_buckets_matches_local_calendar_arithmetic(
    owner: Caller, timezone: str, granularity: str
) -> None:
    """Every bucket, across both DST changes, equals what Python's zoneinfo computes; the
    buckets together hold exactly the datapoints of the range."""
    use_timezone(owner, timezone)
    tz = ZoneInfo(timezone)
    first = datetime(2025, 12, 30, tzinfo=UTC)
    points = [(first + timedelta(minutes=397 * i), float(i % 17 + 1)) for i in range(1_400)]
    record(owner, *[("content_views", v, at.isoformat()) for at, v in points], allow_future=True)
    start, end = date(2026, 1, 1), date(2026, 12, 31)

    body = series(
        owner, "content_views", granularity=granularity, **{"from": str(start), "to": str(end)}
    )

    bucket_of = _local_bucket(granularity)
    expected: dict[date, float] = defaultdict(float)
    for at, value in points:
        local_day = at.astimezone(tz).date()
        if start <= local_day <= end:
            expected[bucket_of(local_day)] += value
    got = {datetime.fromisoformat(p["start"]).date(): p["value"] for p in body["points"]}
    assert {d: v for d, v in got.items() if v is not None} == expected
    assert sum(v for v in got.values() if v is not None) == sum(expected.values())
    for point in body["points"]:
        start_at = datetime.fromisoformat(point["start"])
        assert start_at.utcoffset() == start_at.astimezone(tz).utcoffset()
        assert bucket_of(start_at.date()) == start_at.date()
    assert len(body["points"]) == len(set(got))


def test_the_sum_of_day_buckets_equals_the_sum_of_datapoints_in_range(owner: Caller) -> None:
    use_timezone(owner, "Asia/Shanghai")
    first = datetime(2026, 2, 26, tzinfo=UTC)
    points = [(first + timedelta(minutes=53 * i), i % 10 + 0.5) for i in range(400)]
    record(owner, *[("content_views", v, at.isoformat()) for at, v in points])
    tz = ZoneInfo("Asia/Shanghai")

    body = series(
        owner, "content_views", granularity="day", **{"from": "2026-02-27", "to": "2026-03-10"}
    )

    in_range = [
        v for at, v in points if date(2026, 2, 27) <= at.astimezone(tz).date() <= date(2026, 3, 10)
    ]
    assert len(body["points"]) == 12
    assert sum(v for v in values(body) if v is not None) == pytest.approx(sum(in_range))


def test_defaults_are_the_last_30_days_12_weeks_or_12_months_to_today(owner: Caller) -> None:
    use_timezone(owner, "Pacific/Auckland")
    today = datetime.now(ZoneInfo("Pacific/Auckland")).date()

    days = series(owner, "revenue", granularity="day")
    weeks = series(owner, "revenue", granularity="week")
    months = series(owner, "revenue", granularity="month")

    assert len(days["points"]) == 30
    assert days["to"] == str(today)
    assert days["from"] == str(today - timedelta(days=29))
    assert instants(days)[-1].date() == today
    assert len(weeks["points"]) == 12
    assert instants(weeks)[0].weekday() == 0
    assert weeks["from"] == starts(weeks)[0][:10]
    assert len(months["points"]) == 12
    assert months["from"] == starts(months)[0][:10]
    assert months["from"].endswith("-01")
    assert instants(months)[-1].date() == today.replace(day=1)


def test_ranges_that_are_reversed_or_over_1000_buckets_are_refused(owner: Caller) -> None:
    url = f"metrics/{metric_id(owner, 'revenue')}/series"

    reversed_range = owner.get(
        url, params={"granularity": "day", "from": "2026-03-02", "to": "2026-03-01"}
    )
    too_long = owner.get(
        url, params={"granularity": "day", "from": "2024-01-01", "to": "2026-09-27"}
    )
    longest = owner.get(
        url, params={"granularity": "day", "from": "2024-01-01", "to": "2026-09-26"}
    )
    no_granularity = owner.get(url)
    bad_granularity = owner.get(url, params={"granularity": "hour"})

    assert reversed_range.status_code == 422
    assert reversed_range.json()["errors"][0]["loc"] == ["query", "to"]
    assert too_long.status_code == 422
    assert longest.status_code == 200
    assert len(longest.json()["points"]) == 1000
    assert no_granularity.status_code == 422
    assert bad_granularity.status_code == 422


def test_a_long_monthly_range_in_a_dst_zone_answers(owner: Caller) -> None:
    use_timezone(owner, "America/New_York")
    record(
        owner,
        ("revenue", 5, "1990-07-04T12:00:00Z"),
        ("revenue", 6, "2070-01-01T12:00:00Z"),
        allow_future=True,
    )

    body = series(
        owner, "revenue", granularity="month", **{"from": "1990-01-01", "to": "2070-12-31"}
    )

    assert len(body["points"]) == 81 * 12
    assert [v for v in values(body) if v is not None] == [5, 6]
    assert starts(body)[6] == "1990-07-01T00:00:00-04:00"


def test_viewers_read_series(owner: Caller, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    record(owner, ("revenue", 5, "2026-03-01T12:00:00Z"))

    body = series(
        viewer, "revenue", granularity="day", **{"from": "2026-03-01", "to": "2026-03-01"}
    )

    assert values(body) == [5]


@pytest.mark.parametrize("key", ["content_views", "followers", "engagement_rate"])
def test_a_series_costs_the_same_statements_whatever_the_datapoints_and_buckets(
    owner: Caller, outsider: Caller, connection: Connection, key: str
) -> None:
    use_timezone(owner, "America/New_York")
    use_timezone(outsider, "America/New_York")
    start = datetime(2025, 1, 1, tzinfo=UTC)

    def fill(caller: Caller, count: int) -> None:
        record(
            caller,
            *[
                (metric, float(i), (start + timedelta(hours=17 * i)).isoformat())
                for i in range(count)
                for metric in ("content_views", "content_interactions", "followers")
            ],
        )

    fill(owner, 10)
    fill(outsider, 500)
    owner_url = f"metrics/{metric_id(owner, key)}/series"
    outsider_url = f"metrics/{metric_id(outsider, key)}/series"

    with counting_statements(connection) as few:
        small = owner.get(
            owner_url, params={"granularity": "day", "from": "2025-01-01", "to": "2025-01-10"}
        )
    with counting_statements(connection) as many:
        large = outsider.get(
            outsider_url, params={"granularity": "day", "from": "2025-01-01", "to": "2026-05-15"}
        )

    assert small.status_code == large.status_code == 200
    assert len(small.json()["points"]) == 10
    assert len(large.json()["points"]) == 500
    assert sum(v is not None for v in values(large.json())) > 300
    assert len(few) == len(many), (few, many)
