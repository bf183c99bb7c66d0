"""Metric definitions: aggregated or ratio, keys unique per workspace, editors write."""

from typing import Any

from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.factories import Caller, created, join

LIVE_VIEWERS = {
    "key": "live_viewers",
    "name": "Live viewers",
    "unit": "count",
    "category": "content",
    "aggregation": "max",
}


def metric_id(caller: Caller, key: str) -> str:
    items = caller.get("metrics", params={"q": key, "limit": 200}).json()["items"]
    return str(next(m["id"] for m in items if m["key"] == key))


def problem_locs(body: dict[str, Any]) -> list[list[Any]]:
    return [e["loc"] for e in body["errors"]]


def test_a_new_workspace_has_the_seeded_metrics_with_engagement_rate_as_a_ratio(
    owner: Caller,
) -> None:
    items = owner.get("metrics", params={"limit": 200}).json()["items"]
    by_key = {m["key"]: m for m in items}

    assert by_key["content_views"]["aggregation"] == "sum"
    assert by_key["followers"]["aggregation"] == "last"
    assert by_key["engagement_rate"]["aggregation"] is None
    assert by_key["engagement_rate"]["ratio_of"] == {
        "numerator": "content_interactions",
        "denominator": "content_views",
    }
    assert [m["key"] for m in items] == sorted(by_key)


def test_create_get_update_and_delete_an_aggregated_metric(owner: Caller) -> None:
    metric = created(owner.post("metrics", json=LIVE_VIEWERS))
    assert metric["aggregation"] == "max"
    assert metric["ratio_of"] is None
    assert metric["direction"] == "higher_is_better"
    assert metric["description"] == ""

    fetched = owner.get(f"metrics/{metric['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == metric
    assert fetched.headers["ETag"] == '"1"'

    changed = owner.patch(
        f"metrics/{metric['id']}",
        json={"name": "Peak live viewers", "direction": "lower_is_better"},
        headers={"If-Match": fetched.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Peak live viewers"
    assert changed.json()["direction"] == "lower_is_better"
    assert changed.json()["aggregation"] == "max"
    assert changed.headers["ETag"] == '"2"'

    stale = owner.patch(
        f"metrics/{metric['id']}", json={"name": "Again"}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412

    assert owner.delete(f"metrics/{metric['id']}").status_code == 204
    assert owner.get(f"metrics/{metric['id']}").status_code == 404


def test_list_filters_by_category_and_search_text(owner: Caller) -> None:
    funding = owner.get("metrics", params={"category": "funding"}).json()["items"]
    views = owner.get("metrics", params={"q": "VIEWS"}).json()["items"]

    assert {m["key"] for m in funding} == {"funds_raised", "backers"}
    assert [m["key"] for m in views] == ["content_views"]


def test_list_pages_with_a_cursor(owner: Caller) -> None:
    first = owner.get("metrics", params={"limit": 5}).json()
    second = owner.get("metrics", params={"limit": 5, "cursor": first["next_cursor"]}).json()

    assert len(first["items"]) == 5
    assert first["next_cursor"]
    assert first["items"][-1]["key"] < second["items"][0]["key"]


def test_a_taken_key_is_a_conflict_on_create_and_update(owner: Caller) -> None:
    clash = owner.post("metrics", json={**LIVE_VIEWERS, "key": "followers"})
    metric = created(owner.post("metrics", json=LIVE_VIEWERS))
    renamed = owner.patch(f"metrics/{metric['id']}", json={"key": "revenue"})

    assert clash.status_code == 409
    assert clash.json()["type"].endswith("/already-exists")
    assert renamed.status_code == 409


def test_a_metric_needs_exactly_one_of_aggregation_and_ratio_of(owner: Caller) -> None:
    neither = {k: v for k, v in LIVE_VIEWERS.items() if k != "aggregation"}
    both = {
        **LIVE_VIEWERS,
        "ratio_of": {"numerator": "content_likes", "denominator": "content_views"},
    }

    missing = owner.post("metrics", json=neither)
    doubled = owner.post("metrics", json=both)

    assert missing.status_code == 422
    assert problem_locs(missing.json()) == [["body", "aggregation"]]
    assert doubled.status_code == 422
    assert problem_locs(doubled.json()) == [["body", "ratio_of"]]


def test_a_ratio_metric_divides_existing_aggregated_metrics(owner: Caller) -> None:
    like_rate = created(
        owner.post(
            "metrics",
            json={
                "key": "like_rate",
                "name": "Like rate",
                "category": "content",
                "ratio_of": {"numerator": "content_likes", "denominator": "content_views"},
            },
        )
    )

    assert like_rate["aggregation"] is None
    assert like_rate["ratio_of"] == {"numerator": "content_likes", "denominator": "content_views"}
    assert owner.get(f"metrics/{like_rate['id']}").json()["ratio_of"] == like_rate["ratio_of"]


def test_a_ratio_of_an_unknown_metric_or_of_a_ratio_names_the_part(owner: Caller) -> None:
    base = {"key": "odd_rate", "name": "Odd", "category": "content"}

    unknown = owner.post(
        "metrics",
        json={**base, "ratio_of": {"numerator": "no_such_metric", "denominator": "content_views"}},
    )
    of_ratio = owner.post(
        "metrics",
        json={**base, "ratio_of": {"numerator": "content_likes", "denominator": "engagement_rate"}},
    )

    assert unknown.status_code == 422
    assert problem_locs(unknown.json()) == [["body", "ratio_of", "numerator"]]
    assert unknown.json()["errors"][0]["type"] == "unknown_metric"
    assert of_ratio.status_code == 422
    assert problem_locs(of_ratio.json()) == [["body", "ratio_of", "denominator"]]
    assert of_ratio.json()["errors"][0]["type"] == "ratio_of_ratio"


def test_a_ratio_cannot_use_another_workspaces_metric(owner: Caller, outsider: Caller) -> None:
    created(owner.post("metrics", json=LIVE_VIEWERS))

    response = outsider.post(
        "metrics",
        json={
            "key": "live_share",
            "name": "Live share",
            "category": "content",
            "ratio_of": {"numerator": "live_viewers", "denominator": "content_views"},
        },
    )

    assert response.status_code == 422
    assert problem_locs(response.json()) == [["body", "ratio_of", "numerator"]]


def test_patch_switches_between_aggregated_and_ratio(owner: Caller) -> None:
    metric = created(owner.post("metrics", json=LIVE_VIEWERS))
    ratio = {"numerator": "content_likes", "denominator": "content_views"}

    to_ratio = owner.patch(f"metrics/{metric['id']}", json={"ratio_of": ratio})
    back = owner.patch(f"metrics/{metric['id']}", json={"aggregation": "avg"})

    assert to_ratio.status_code == 200, to_ratio.text
    assert to_ratio.json()["aggregation"] is None
    assert to_ratio.json()["ratio_of"] == ratio
    assert back.status_code == 200, back.text
    assert back.json()["aggregation"] == "avg"
    assert back.json()["ratio_of"] is None


def test_patch_refuses_null_for_required_fields_and_both_kinds_at_once(owner: Caller) -> None:
    metric = created(owner.post("metrics", json=LIVE_VIEWERS))
    ratio = {"numerator": "content_likes", "denominator": "content_views"}

    nulled = owner.patch(f"metrics/{metric['id']}", json={"name": None, "aggregation": None})
    both = owner.patch(f"metrics/{metric['id']}", json={"aggregation": "sum", "ratio_of": ratio})
    itself = owner.patch(
        f"metrics/{metric['id']}",
        json={"ratio_of": {"numerator": "live_viewers", "denominator": "content_views"}},
    )

    assert nulled.status_code == 422
    assert {tuple(loc) for loc in problem_locs(nulled.json())} == {
        ("body", "name"),
        ("body", "aggregation"),
    }
    assert both.status_code == 422
    assert itself.status_code == 422
    assert problem_locs(itself.json()) == [["body", "ratio_of", "numerator"]]
    assert owner.get(f"metrics/{metric['id']}").json()["aggregation"] == "max"


def test_a_metric_with_datapoints_cannot_become_a_ratio(owner: Caller) -> None:
    metric = created(owner.post("metrics", json=LIVE_VIEWERS))
    created(
        owner.post(
            "datapoints",
            json={
                "items": [
                    {"metric": "live_viewers", "value": 3, "observed_at": "2026-03-01T10:00:00Z"}
                ]
            },
        )
    )

    response = owner.patch(
        f"metrics/{metric['id']}",
        json={"ratio_of": {"numerator": "content_likes", "denominator": "content_views"}},
    )

    assert response.status_code == 409
    assert owner.get(f"metrics/{metric['id']}").json()["aggregation"] == "max"


def test_a_part_of_a_ratio_cannot_become_a_ratio_itself(owner: Caller) -> None:
    response = owner.patch(
        f"metrics/{metric_id(owner, 'content_views')}",
        json={"ratio_of": {"numerator": "content_likes", "denominator": "content_shares"}},
    )

    assert response.status_code == 409


def test_delete_is_refused_while_a_ratio_uses_the_metric(owner: Caller) -> None:
    views = metric_id(owner, "content_views")

    response = owner.delete(f"metrics/{views}")

    assert response.status_code == 409
    assert response.json()["type"].endswith("/in-use")
    assert "engagement_rate" in response.json()["detail"]
    assert owner.get(f"metrics/{views}").status_code == 200


def test_delete_is_refused_while_a_campaign_goal_uses_the_metric(owner: Caller) -> None:
    revenue = metric_id(owner, "revenue")
    created(
        owner.post(
            "campaigns",
            json={
                "name": "Spring",
                "kind": "content",
                "goals": [{"metric_id": revenue, "target": 1000}],
            },
        )
    )

    response = owner.delete(f"metrics/{revenue}")

    assert response.status_code == 409
    assert owner.get(f"metrics/{revenue}").status_code == 200


def test_deleting_a_metric_deletes_its_datapoints_only(owner: Caller) -> None:
    metric = created(owner.post("metrics", json=LIVE_VIEWERS))
    at = "2026-03-01T10:00:00Z"
    created(
        owner.post(
            "datapoints",
            json={
                "items": [
                    {"metric": "live_viewers", "value": 3, "observed_at": at},
                    {"metric": "revenue", "value": 9, "observed_at": at},
                ]
            },
        )
    )

    assert owner.delete(f"metrics/{metric['id']}").status_code == 204

    remaining = owner.get("datapoints").json()["items"]
    assert [p["metric"] for p in remaining] == ["revenue"]


def test_a_ratio_metric_can_be_deleted_and_frees_its_parts(owner: Caller) -> None:
    assert owner.delete(f"metrics/{metric_id(owner, 'engagement_rate')}").status_code == 204
    assert owner.delete(f"metrics/{metric_id(owner, 'content_views')}").status_code == 204


def test_viewer_reads_but_cannot_write(owner: Caller, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    views = metric_id(owner, "content_views")

    assert viewer.get("metrics").status_code == 200
    assert viewer.get(f"metrics/{views}").status_code == 200
    assert viewer.post("metrics", json=LIVE_VIEWERS).status_code == 403
    assert viewer.patch(f"metrics/{views}", json={"name": "Mine"}).status_code == 403
    assert viewer.delete(f"metrics/{metric_id(owner, 'revenue')}").status_code == 403
    assert owner.get(f"metrics/{views}").json()["name"] == "Content views"


def test_editor_defines_metrics(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)

    metric = created(editor.post("metrics", json=LIVE_VIEWERS))

    assert editor.patch(f"metrics/{metric['id']}", json={"unit": "people"}).status_code == 200
    assert editor.delete(f"metrics/{metric['id']}").status_code == 204


def test_a_read_only_token_cannot_write(owner: Caller, session: Session) -> None:
    reader = join(session, owner, Access.editor, write=False)
    revenue = metric_id(owner, "revenue")

    assert reader.get(f"metrics/{revenue}").status_code == 200
    assert reader.post("metrics", json=LIVE_VIEWERS).status_code == 403
    assert reader.patch(f"metrics/{revenue}", json={"name": "Income"}).status_code == 403
    assert reader.delete(f"metrics/{revenue}").status_code == 403


def test_another_workspaces_metric_is_not_found(owner: Caller, outsider: Caller) -> None:
    theirs = metric_id(outsider, "revenue")

    assert owner.get(f"metrics/{theirs}").status_code == 404
    assert owner.patch(f"metrics/{theirs}", json={"name": "Mine"}).status_code == 404
    assert owner.delete(f"metrics/{theirs}").status_code == 404
    assert owner.get(f"metrics/{theirs}/series", params={"granularity": "day"}).status_code == 404
    assert outsider.get(f"metrics/{theirs}").json()["name"] == "Revenue"


def test_the_openapi_document_names_and_tags_every_operation(owner: Caller) -> None:
    paths = owner.client.get("/openapi.json").json()["paths"]
    base = "/api/v1/workspaces/{workspace}"

    operations = {
        (method, path): (op["operationId"], op["tags"])
        for path, item in paths.items()
        if path.startswith((f"{base}/metrics", f"{base}/datapoints"))
        for method, op in item.items()
    }

    assert operations == {
        ("get", f"{base}/metrics"): ("metrics_list", ["metrics"]),
        ("post", f"{base}/metrics"): ("metrics_create", ["metrics"]),
        ("get", f"{base}/metrics/{{metric_id}}"): ("metrics_get", ["metrics"]),
        ("patch", f"{base}/metrics/{{metric_id}}"): ("metrics_update", ["metrics"]),
        ("delete", f"{base}/metrics/{{metric_id}}"): ("metrics_delete", ["metrics"]),
        ("get", f"{base}/metrics/{{metric_id}}/series"): ("metrics_series", ["metrics"]),
        ("get", f"{base}/metrics/compare"): ("metrics_compare", ["metrics"]),
        ("post", f"{base}/datapoints"): ("datapoints_create", ["datapoints"]),
        ("get", f"{base}/datapoints"): ("datapoints_list", ["datapoints"]),
        ("get", f"{base}/datapoints/export"): ("datapoints_export", ["datapoints"]),
        ("get", f"{base}/datapoints/{{datapoint_id}}"): ("datapoints_get", ["datapoints"]),
        ("patch", f"{base}/datapoints/{{datapoint_id}}"): ("datapoints_update", ["datapoints"]),
        ("delete", f"{base}/datapoints/{{datapoint_id}}"): ("datapoints_delete", ["datapoints"]),
    }
