"""A series of the whole metric adds up the daily rollups instead of the datapoints, and
answers what the datapoints answer: per aggregation, granularity, after a correction
and a deletion (the rollups are recomputed in the same transaction)."""

from typing import Any

import pytest
from sqlalchemy import Connection

from tests.api.test_series import counting_statements, metric_id, record, series, values
from tests.factories import Caller, created

POINTS = [
    (1.5, "2026-03-02T10:00:00+00:00", "bilibili"),
    (4.0, "2026-03-02T11:00:00+00:00", "douyin"),
    (2.25, "2026-03-03T09:00:00+00:00", "bilibili"),
    (8.0, "2026-03-10T09:00:00+00:00", None),
    (0.5, "2026-04-01T01:00:00+00:00", "douyin"),
]


def make_metric(owner: Caller, aggregation: str) -> str:
    body = {"key": f"m_{aggregation}", "name": aggregation, "category": "content"}
    created(owner.post("metrics", json={**body, "aggregation": aggregation}))
    for value, at, channel in POINTS:
        extra: dict[str, Any] = {"channel": channel} if channel else {}
        record(owner, (body["key"], value, at), **extra)
    return body["key"]


@pytest.mark.parametrize(
    ("aggregation", "expected_days"),
    [
        ("sum", [5.5, 2.25]),
        ("avg", [2.75, 2.25]),
        ("min", [1.5, 2.25]),
        ("max", [4.0, 2.25]),
    ],
)
def test_each_aggregation_from_the_rollups_combines_the_days_datapoints(
    owner: Caller, connection: Connection, aggregation: str, expected_days: list[float]
) -> None:
    key = make_metric(owner, aggregation)
    params = {"granularity": "day", "from": "2026-03-02", "to": "2026-03-03"}

    with counting_statements(connection) as statements:
        body = series(owner, key, **params)

    assert values(body) == expected_days
    assert any("FROM metric_rollups" in s for s in statements)
    assert not any("FROM datapoints" in s for s in statements)


def test_weeks_and_months_from_the_rollups(owner: Caller) -> None:
    key = make_metric(owner, "sum")

    weeks = series(owner, key, granularity="week", **{"from": "2026-03-02", "to": "2026-03-15"})
    months = series(owner, key, granularity="month", **{"from": "2026-03-01", "to": "2026-04-30"})

    assert values(weeks) == [7.75, 8.0]
    assert values(months) == [15.75, 0.5]


def test_a_filtered_series_still_reads_the_datapoints(
    owner: Caller, connection: Connection
) -> None:
    key = make_metric(owner, "sum")

    with counting_statements(connection) as statements:
        body = series(owner, key, granularity="day", channel="bilibili", **{"from": "2026-03-02"})

    assert values(body)[:2] == [1.5, 2.25]
    assert any("FROM datapoints" in s for s in statements)
    assert not any("FROM metric_rollups" in s for s in statements)


def test_a_corrected_and_a_deleted_datapoint_change_the_rollup_series(owner: Caller) -> None:
    key = make_metric(owner, "sum")
    params = {"granularity": "day", "from": "2026-03-02", "to": "2026-03-03"}
    points = owner.get("datapoints", params={"metric_id": metric_id(owner, key)}).json()["items"]
    on_the_3rd = next(p for p in points if p["observed_at"].startswith("2026-03-03"))
    on_the_2nd = next(p for p in points if p["value"] == 4.0)

    assert owner.delete(f"datapoints/{on_the_3rd['id']}").status_code == 204
    assert owner.delete(f"datapoints/{on_the_2nd['id']}").status_code == 204

    assert values(series(owner, key, **params)) == [1.5, None]
