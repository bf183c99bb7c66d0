"""Dashboards answer from daily rollups: for any datapoints, corrections, deletions and
time zone (set before or after the data arrives), every rollup row equals what the raw
datapoints of its local day, channel and campaign give: sum, count, min, max, latest."""

import uuid
import zoneinfo
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Datapoint, MetricRollup
from app.models.rollup import NO_CAMPAIGN
from tests.factories import Caller, created
from tests.properties.support import PROPERTY_SETTINGS
from tests.properties.test_series_bucketing import TRICKY

ORIGIN = datetime(2026, 3, 1, tzinfo=UTC)
Summary = tuple[float, int, float, float, float]


@pytest.fixture
def metric(owner: Caller) -> dict[str, Any]:
    body = {"key": "clips", "name": "Clips", "category": "content", "aggregation": "sum"}
    return created(owner.post("metrics", json=body))


def raw_rollups(
    session: Session, metric_id: uuid.UUID, tz: zoneinfo.ZoneInfo
) -> dict[Any, Summary]:
    rows = session.execute(
        select(Datapoint.observed_at, Datapoint.channel, Datapoint.campaign_id, Datapoint.value)
        .where(Datapoint.metric_id == metric_id)
        .order_by(Datapoint.created_at, Datapoint.id)
    ).all()
    found: dict[tuple[date, str, Any], list[tuple[datetime, float]]] = {}
    for at, channel, campaign_id, value in rows:
        key = (at.astimezone(tz).date(), channel or "", campaign_id or NO_CAMPAIGN)
        found.setdefault(key, []).append((at, value))
    return {
        key: (
            sum(v for _, v in values),
            len(values),
            min(v for _, v in values),
            max(v for _, v in values),
            max(enumerate(values), key=lambda p: (p[1][0], p[0]))[1][1],
        )
        for key, values in found.items()
    }


def stored_rollups(session: Session, metric_id: uuid.UUID) -> dict[Any, Summary]:
    rows = session.scalars(select(MetricRollup).where(MetricRollup.metric_id == metric_id))
    return {
        (r.day, r.channel, r.campaign_key): (r.total, r.count, r.minimum, r.maximum, r.last_value)
        for r in rows
    }


@PROPERTY_SETTINGS
@given(
    data=st.data(),
    observed=st.lists(
        st.tuples(
            st.integers(-2 * 24 * 60, 20 * 24 * 60),
            st.integers(0, 1000),
            st.sampled_from([None, "bilibili", "douyin"]),
        ),
        min_size=1,
        max_size=30,
    ),
    zone_first=st.booleans(),
)
def test_rollups_equal_the_raw_datapoints(
    owner: Caller,
    metric: dict[str, Any],
    session: Session,
    fresh_example: Callable[[], AbstractContextManager[None]],
    data: st.DataObject,
    observed: list[tuple[int, int, str | None]],
    zone_first: bool,
) -> None:
    timezone = data.draw(st.sampled_from(TRICKY))
    tz = zoneinfo.ZoneInfo(timezone)
    items = [
        {
            "metric": metric["key"],
            "value": value,
            "observed_at": (ORIGIN + timedelta(minutes=minutes)).isoformat(),
            **({"channel": channel} if channel else {}),
        }
        for minutes, value, channel in observed
    ]
    with fresh_example():
        if zone_first:
            assert owner.patch("", json={"timezone": timezone}).status_code == 200
        assert (
            owner.post("datapoints", json={"items": items, "allow_future": True}).status_code == 201
        )
        stored = owner.get("datapoints", params={"metric": metric["key"], "limit": 200}).json()[
            "items"
        ]
        fix = data.draw(st.sampled_from(stored))
        moved = ORIGIN + timedelta(minutes=data.draw(st.integers(0, 20 * 24 * 60)))
        assert (
            owner.patch(
                f"datapoints/{fix['id']}",
                json={
                    "value": 7,
                    "observed_at": moved.isoformat(),
                    "channel": "douyin",
                    "allow_future": True,
                },
            ).status_code
            == 200
        )
        gone = data.draw(st.sampled_from(stored))
        assert owner.delete(f"datapoints/{gone['id']}").status_code == 204
        if not zone_first:
            assert owner.patch("", json={"timezone": timezone}).status_code == 200

        session.expire_all()
        metric_id = uuid.UUID(metric["id"])
        assert stored_rollups(session, metric_id) == raw_rollups(session, metric_id, tz)
