"""Dashboards: each metric's value for the period, the change against the period before,
a daily sparkline and channels, for the workspace or one campaign (from rollups)."""

from datetime import UTC, datetime
from typing import Any

import pytest

from app.core.clock import SettableClock
from tests.api.helpers import make_campaign
from tests.factories import Caller, created


@pytest.fixture(autouse=True)
def today(clock: SettableClock) -> SettableClock:
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))  # the last 7 days: Nov 24 – 30
    return clock


def record(caller: Caller, metric: str, *points: tuple[str, float], **extra: Any) -> None:
    items = [{"metric": metric, "value": v, "observed_at": at, **extra} for at, v in points]
    created(caller.post("datapoints", json={"items": items}))


def tile(body: dict[str, Any], key: str) -> dict[str, Any]:
    return next(t for t in body["tiles"] if t["metric"] == key)


def test_a_sum_metric_has_its_total_change_and_daily_sparkline(owner: Caller) -> None:
    record(owner, "content_views", ("2026-11-20T10:00:00Z", 100))  # the week before
    record(owner, "content_views", ("2026-11-24T10:00:00Z", 50), ("2026-11-24T12:00:00Z", 70))
    record(owner, "content_views", ("2026-11-30T08:00:00Z", 30), channel="bilibili")

    body = owner.get("dashboard", params={"period": "7d"}).json()
    views = tile(body, "content_views")

    assert (body["from"], body["to"]) == ("2026-11-24", "2026-11-30")
    assert (body["previous_from"], body["previous_to"]) == ("2026-11-17", "2026-11-23")
    assert (views["value"], views["previous_value"], views["change"]) == (150, 100, 50)
    assert views["change_percent"] == pytest.approx(50)
    assert views["sparkline"] == [120, None, None, None, None, None, 30]
    assert views["by_channel"] == [
        {"channel": None, "value": 120},
        {"channel": "bilibili", "value": 30},
    ]


def test_latest_followers_add_up_over_channels_and_ratios_divide_sums(owner: Caller) -> None:
    record(owner, "followers", ("2026-11-25T10:00:00Z", 1500), channel="bilibili")
    record(owner, "followers", ("2026-11-26T10:00:00Z", 900), channel="douyin")
    record(owner, "followers", ("2026-11-28T10:00:00Z", 1480), channel="bilibili")
    record(owner, "content_interactions", ("2026-11-25T10:00:00Z", 30))
    record(owner, "content_views", ("2026-11-25T10:00:00Z", 600))

    body = owner.get("dashboard", params={"period": "7d"}).json()

    assert tile(body, "followers")["value"] == 1480 + 900
    assert tile(body, "followers")["sparkline"][1:5] == [1500, 900, None, 1480]
    assert tile(body, "engagement_rate")["value"] == pytest.approx(0.05)
    assert tile(body, "revenue")["value"] is None  # an empty tile


def test_the_campaign_dashboard_and_the_channel_filter_narrow_the_numbers(
    owner: Caller,
) -> None:
    campaign = make_campaign(owner)
    record(owner, "backers", ("2026-11-25T10:00:00Z", 4), campaign_id=campaign["id"])
    record(owner, "backers", ("2026-11-25T11:00:00Z", 6), channel="wechat")

    workspace = owner.get("dashboard", params={"period": "7d"}).json()
    of_campaign = owner.get(f"campaigns/{campaign['id']}/dashboard", params={"period": "7d"})
    wechat = owner.get("dashboard", params={"period": "7d", "channel": "wechat"}).json()

    assert tile(workspace, "backers")["value"] == 10
    assert of_campaign.status_code == 200
    assert tile(of_campaign.json(), "backers")["value"] == 4
    assert tile(wechat, "backers")["value"] == 6


def test_the_days_follow_the_workspace_time_zone(owner: Caller) -> None:
    owner.patch("", json={"timezone": "Asia/Shanghai"}).raise_for_status()
    record(owner, "backers", ("2026-11-23T17:00:00Z", 5))  # Nov 24, 01:00 in Shanghai

    body = owner.get("dashboard", params={"period": "7d"}).json()

    assert tile(body, "backers")["sparkline"][0] == 5
    assert tile(body, "backers")["previous_value"] is None


def test_custom_periods_are_checked(owner: Caller, outsider: Caller) -> None:
    reversed_period = owner.get(
        "dashboard", params={"period": "custom", "from": "2026-11-30", "to": "2026-11-01"}
    )
    missing = owner.get("dashboard", params={"period": "custom"})
    custom = owner.get(
        "dashboard", params={"period": "custom", "from": "2026-11-01", "to": "2026-11-30"}
    )

    assert reversed_period.status_code == 422
    assert reversed_period.json()["errors"][0]["loc"] == ["query", "to"]
    assert missing.status_code == 422
    assert len(tile(custom.json(), "backers")["sparkline"]) == 30
    campaign = make_campaign(owner)
    assert outsider.get(f"campaigns/{campaign['id']}/dashboard").status_code == 404
