"""Series bucketing, for any IANA time zone and any datapoints.

The metrics series endpoint buckets by day, ISO week or month of the workspace's time
zone, in the database (PostgreSQL: `timezone()`; SQLite: offset stretches). For random
datapoints and zones (daylight saving time, half-hour and 45-minute offsets, +14:00…):
- the buckets add up to the sum of the datapoints observed in the requested days;
- every bucket holds exactly the datapoints whose local date falls in it.
"""

import zoneinfo
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Connection, text

from tests.factories import Caller, created
from tests.properties.support import PROPERTY_SETTINGS

# Zones whose rules test the edges, then every other zone the system and database know.
TRICKY = (
    "America/Santiago",  # DST changes at midnight: some days start at 01:00
    "America/Havana",  # likewise
    "Asia/Beirut",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Asia/Kathmandu",  # +05:45
    "Pacific/Chatham",  # +12:45 / +13:45
    "Pacific/Kiritimati",  # +14:00
    "Pacific/Pago_Pago",  # -11:00
    "America/St_Johns",  # -03:30 with DST
    "Europe/Berlin",
    "Asia/Shanghai",
    "UTC",
)


@cache
def known_zones(names: frozenset[str] | None) -> tuple[str, ...]:
    zones = zoneinfo.available_timezones()
    if names is not None:
        zones &= names
    return tuple(sorted(z for z in zones if not z.startswith(("posix/", "right/"))))


@pytest.fixture
def zones(connection: Connection) -> tuple[str, ...]:
    names = None
    if connection.dialect.name == "postgresql":
        names = frozenset(connection.scalars(text("SELECT name FROM pg_timezone_names")))
    return known_zones(names)


@pytest.fixture
def metric(owner: Caller) -> dict[str, Any]:
    body = {"key": "clips", "name": "Clips", "category": "content", "aggregation": "sum"}
    return created(owner.post("metrics", json=body))


def local_bucket(day: date, granularity: str) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


points = st.lists(
    st.tuples(
        st.integers(-3 * 24 * 60, 75 * 24 * 60),  # minutes after the range's first UTC midnight
        st.integers(-1000, 1000),
    ),
    max_size=40,
)


@PROPERTY_SETTINGS
@given(
    data=st.data(),
    first=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 1)),
    length=st.integers(0, 70),
    observed=points,
    granularity=st.sampled_from(("day", "week", "month")),
)
def test_buckets_add_up_to_the_datapoints_in_range(
    owner: Caller,
    metric: dict[str, Any],
    zones: tuple[str, ...],
    fresh_example: Callable[[], AbstractContextManager[None]],
    data: st.DataObject,
    first: date,
    length: int,
    observed: list[tuple[int, int]],
    granularity: str,
) -> None:
    timezone = data.draw(st.one_of(st.sampled_from(TRICKY), st.sampled_from(zones)))
    tz = zoneinfo.ZoneInfo(timezone)
    last = first + timedelta(days=length)
    origin = datetime(first.year, first.month, first.day, tzinfo=UTC)
    instants = [(origin + timedelta(minutes=m), value) for m, value in observed]

    with fresh_example():
        assert owner.patch("", json={"timezone": timezone}).status_code == 200
        if instants:
            items = [
                {"metric": metric["key"], "value": value, "observed_at": at.isoformat()}
                for at, value in instants
            ]
            body = {"items": items, "allow_future": True}  # the instants run into 2027
            assert owner.post("datapoints", json=body).status_code == 201
        response = owner.get(
            f"metrics/{metric['id']}/series",
            params={"granularity": granularity, "from": first.isoformat(), "to": last.isoformat()},
        )
        assert response.status_code == 200, response.text
        series = response.json()

    expected: dict[date, int] = {}
    for at, value in instants:
        local_day = at.astimezone(tz).date()
        if first <= local_day <= last:
            bucket = local_bucket(local_day, granularity)
            expected[bucket] = expected.get(bucket, 0) + value
    buckets = {datetime.fromisoformat(p["start"]).date(): p["value"] for p in series["points"]}
    assert sum(v or 0 for v in buckets.values()) == sum(expected.values())
    assert {day: value for day, value in buckets.items() if value is not None} == expected
