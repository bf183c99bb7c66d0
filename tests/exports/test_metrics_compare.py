"""`metrics_compare`: several metrics or channels in one call, on the same buckets."""

from typing import Any

from tests.factories import Caller, created


def record(owner: Caller, *points: tuple[str, float, str, str | None]) -> None:
    items: list[dict[str, Any]] = [
        {"metric": m, "value": v, "observed_at": at, "channel": ch} for m, v, at, ch in points
    ]
    created(owner.post("datapoints", json={"items": items}))


def test_two_metrics_share_the_buckets_with_nulls_where_one_has_no_data(owner: Caller) -> None:
    record(
        owner,
        ("content_views", 100, "2026-03-01T10:00:00Z", "bilibili"),
        ("content_views", 50, "2026-03-01T12:00:00Z", "douyin"),
        ("content_views", 30, "2026-03-03T10:00:00Z", "bilibili"),
        ("content_likes", 7, "2026-03-02T10:00:00Z", "bilibili"),
    )

    response = owner.get(
        "metrics/compare",
        params={
            "metric": ["content_views", "content_likes"],
            "granularity": "day",
            "from": "2026-03-01",
            "to": "2026-03-03",
        },
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert [b[:10] for b in body["buckets"]] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert [(s["metric_key"], s["channel"], s["values"]) for s in body["series"]] == [
        ("content_views", None, [150, None, 30]),
        ("content_likes", None, [None, 7, None]),
    ]


def test_channels_give_one_series_per_metric_and_channel(owner: Caller) -> None:
    record(
        owner,
        ("content_views", 100, "2026-03-02T10:00:00Z", "bilibili"),
        ("content_views", 40, "2026-03-09T10:00:00Z", "douyin"),
    )

    body = owner.get(
        "metrics/compare",
        params={
            "metric": "content_views",
            "channel": ["bilibili", "douyin"],
            "granularity": "week",
            "from": "2026-03-02",
            "to": "2026-03-15",
        },
    ).json()

    assert len(body["buckets"]) == 2
    assert [(s["channel"], s["values"]) for s in body["series"]] == [
        ("bilibili", [100, None]),
        ("douyin", [None, 40]),
    ]


def test_an_unknown_metric_is_a_422_naming_the_field(owner: Caller) -> None:
    response = owner.get(
        "metrics/compare", params={"metric": ["content_views", "nope"], "granularity": "day"}
    )

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["loc"] == ["query", "metric"]
    assert "nope" in error["msg"]


def test_too_many_series_and_no_metric_are_refused(owner: Caller) -> None:
    missing = owner.get("metrics/compare", params={"granularity": "day"})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"][:2] == ["query", "metric"]

    many = owner.get(
        "metrics/compare",
        params={
            "metric": ["content_views", "content_likes", "followers"],
            "channel": [f"c{i}" for i in range(7)],
            "granularity": "day",
        },
    )
    assert many.status_code == 422
    assert many.json()["errors"][0]["loc"] == ["query", "channel"]


def test_another_workspace_is_404(owner: Caller, outsider: Caller) -> None:
    response = outsider.in_workspace(owner.workspace).get(
        "metrics/compare", params={"metric": "content_views", "granularity": "day"}
    )
    assert response.status_code == 404
