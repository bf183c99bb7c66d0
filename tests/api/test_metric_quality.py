"""Issue 15, metrics: bounds on values, no far-future datapoints without confirmation,
corrections of datapoints, and `last` taken per channel before channels are combined."""

from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models.enums import Access
from tests.api.test_series import metric_id, record, series, values
from tests.factories import Caller, created, join


def metric(caller: Caller, key: str) -> dict[str, Any]:
    response = caller.get(f"metrics/{metric_id(caller, key)}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def post_points(caller: Caller, *items: dict[str, Any], **batch: Any) -> httpx.Response:
    return caller.post("datapoints", json={"items": list(items), **batch})


def error_types(response: Any) -> list[tuple[tuple[Any, ...], str]]:
    return [(tuple(e["loc"]), e["type"]) for e in response.json()["errors"]]


def test_seeded_counts_are_never_negative_and_percentages_lie_between_0_and_100(
    owner: Caller,
) -> None:
    assert (metric(owner, "followers")["min_value"], metric(owner, "followers")["max_value"]) == (
        0,
        None,
    )
    retention = metric(owner, "retention_rate")
    assert (retention["min_value"], retention["max_value"]) == (0, 100)
    assert metric(owner, "revenue")["min_value"] is None


def test_values_outside_the_bounds_are_refused_per_item(owner: Caller) -> None:
    at = "2026-03-01T08:00:00Z"
    response = post_points(
        owner,
        {"metric": "followers", "value": -50, "observed_at": at},
        {"metric": "retention_rate", "value": 150, "observed_at": at},
        {"metric": "retention_rate", "value": 42.5, "observed_at": at},
    )

    assert response.status_code == 422
    assert error_types(response) == [
        (("body", "items", 0, "value"), "below_minimum"),
        (("body", "items", 1, "value"), "above_maximum"),
    ]


def test_a_huge_value_is_refused_by_the_schema(owner: Caller) -> None:
    response = post_points(
        owner, {"metric": "followers", "value": 1e20, "observed_at": "2026-03-01T08:00:00Z"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "items", 0, "value"]


def test_a_new_percentage_metric_gets_0_to_100_and_bounds_must_be_in_order(owner: Caller) -> None:
    share = created(
        owner.post(
            "metrics",
            json={
                "key": "share",
                "name": "Share",
                "unit": "%",
                "category": "content",
                "aggregation": "avg",
            },
        )
    )
    assert (share["min_value"], share["max_value"]) == (0, 100)

    reversed_bounds = owner.patch(f"metrics/{share['id']}", json={"min_value": 120})
    assert reversed_bounds.status_code == 422
    assert error_types(reversed_bounds) == [(("body", "max_value"), "bounds_order")]

    widened = owner.patch(f"metrics/{share['id']}", json={"max_value": 200, "min_value": -10})
    assert widened.status_code == 200
    assert (widened.json()["min_value"], widened.json()["max_value"]) == (-10, 200)


def test_a_datapoint_more_than_a_day_ahead_needs_confirmation(
    owner: Caller, clock: SettableClock
) -> None:
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    tomorrow = {"metric": "followers", "value": 10, "observed_at": "2026-12-01T08:00:00Z"}
    in_2030 = {"metric": "followers", "value": 10, "observed_at": "2030-11-20T08:00:00Z"}

    assert post_points(owner, tomorrow).status_code == 201
    refused = post_points(owner, in_2030)
    assert refused.status_code == 422
    assert error_types(refused) == [(("body", "items", 0, "observed_at"), "in_future")]
    assert post_points(owner, in_2030, allow_future=True).status_code == 201


def test_an_editor_corrects_a_datapoint_with_the_same_checks(
    owner: Caller, clock: SettableClock
) -> None:
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    record(owner, ("followers", 1500, "2026-11-20T08:00:00Z"), channel="bilibili")
    point = owner.get("datapoints", params={"metric": "followers"}).json()["items"][0]

    corrected = owner.patch(
        f"datapoints/{point['id']}",
        json={"value": 1480, "channel": "douyin", "observed_at": "2026-11-20T09:00:00+08:00"},
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["value"] == 1480
    assert corrected.json()["channel"] == "douyin"
    assert owner.get(f"datapoints/{point['id']}").json() == corrected.json()

    negative = owner.patch(f"datapoints/{point['id']}", json={"value": -1})
    assert error_types(negative) == [(("body", "value"), "below_minimum")]
    future = owner.patch(f"datapoints/{point['id']}", json={"observed_at": "2028-01-01T00:00:00Z"})
    assert error_types(future) == [(("body", "observed_at"), "in_future")]
    history = owner.get("activities", params={"verb": "datapoint.updated"}).json()["items"]
    assert len(history) == 1


def test_viewers_cannot_correct_datapoints_and_other_workspaces_see_404(
    owner: Caller, outsider: Caller, session: Session
) -> None:
    record(owner, ("followers", 1500, "2026-11-20T08:00:00Z"))
    point = owner.get("datapoints", params={"metric": "followers"}).json()["items"][0]
    viewer = join(session, owner, Access.viewer)

    assert viewer.patch(f"datapoints/{point['id']}", json={"value": 1}).status_code == 403
    assert outsider.patch(f"datapoints/{point['id']}", json={"value": 1}).status_code == 404
    assert outsider.get(f"datapoints/{point['id']}").status_code == 404


def test_last_over_channels_takes_each_channels_latest_and_sums_them(owner: Caller) -> None:
    record(owner, ("followers", 1500, "2026-03-02T08:00:00Z"), channel="bilibili")
    record(owner, ("followers", 900, "2026-03-02T09:00:00Z"), channel="douyin")
    record(owner, ("followers", 1480, "2026-03-02T10:00:00Z"), channel="bilibili")
    record(owner, ("followers", 920, "2026-03-03T09:00:00Z"), channel="douyin")
    period = {"granularity": "day", "from": "2026-03-02", "to": "2026-03-03"}

    assert values(series(owner, "followers", **period)) == [2380, 920]
    split = series(owner, "followers", by_channel=True, **period)
    assert {
        line["channel"]: [p["value"] for p in line["points"]] for line in split["by_channel"]
    } == {
        "bilibili": [1480, None],
        "douyin": [900, 920],
    }


def test_last_over_channels_of_a_percentage_is_their_mean(owner: Caller) -> None:
    record(owner, ("retention_rate", 40, "2026-03-02T08:00:00Z"), channel="bilibili")
    record(owner, ("retention_rate", 60, "2026-03-02T09:00:00Z"), channel="douyin")
    owner.patch(
        f"metrics/{metric_id(owner, 'retention_rate')}", json={"aggregation": "last"}
    ).raise_for_status()

    body = series(
        owner, "retention_rate", granularity="day", **{"from": "2026-03-02", "to": "2026-03-02"}
    )

    assert values(body) == [50]


def test_without_by_channel_the_series_has_no_channel_lines(owner: Caller) -> None:
    record(owner, ("content_views", 5, "2026-03-02T08:00:00Z"), channel="bilibili")
    body = series(
        owner, "content_views", granularity="day", **{"from": "2026-03-02", "to": "2026-03-02"}
    )
    assert body["by_channel"] == []
    assert values(body) == [5]
