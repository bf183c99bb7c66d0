"""Datapoints: batches of up to 10,000, all or nothing, every bad item named by its index."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, event, func, select
from sqlalchemy.orm import Session

from app.models import Datapoint, Workspace
from app.models.enums import Access
from tests.factories import Caller, created, join

START = datetime(2026, 3, 1, tzinfo=UTC)


def point(metric: str, value: float, at: datetime | str, **extra: Any) -> dict[str, Any]:
    observed_at = at if isinstance(at, str) else at.isoformat()
    return {"metric": metric, "value": value, "observed_at": observed_at, **extra}


def views(count: int) -> list[dict[str, Any]]:
    """`count` content_views points, one a minute, valued 1, 2, 3, …"""
    return [point("content_views", i + 1, START + timedelta(minutes=i)) for i in range(count)]


def all_points(caller: Caller, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = caller.get("datapoints", params={**params, "limit": 200, "cursor": cursor})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


def stored_count(session: Session, caller: Caller) -> int:
    workspace_id = session.scalar(select(Workspace.id).where(Workspace.slug == caller.workspace))
    return (
        session.scalar(
            select(func.count())
            .select_from(Datapoint)
            .where(Datapoint.workspace_id == workspace_id)
        )
        or 0
    )


def campaign(caller: Caller, name: str = "Spring") -> str:
    return str(created(caller.post("campaigns", json={"name": name, "kind": "content"}))["id"])


@contextmanager
def counting_statements(connection: Connection) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


def test_a_batch_is_stored_and_listed_with_metric_keys(owner: Caller) -> None:
    body = created(
        owner.post(
            "datapoints",
            json={
                "items": [
                    point("content_views", 120, "2026-03-01T20:00:00+08:00", channel="bilibili"),
                    point(
                        "followers", 5000, "2026-03-01T13:00:00Z", member_id=str(owner.member_id)
                    ),
                ]
            },
        )
    )

    items = owner.get("datapoints").json()["items"]

    assert body == {"created": 2}
    assert [(p["metric"], p["value"], p["observed_at"]) for p in items] == [
        ("content_views", 120.0, "2026-03-01T12:00:00Z"),
        ("followers", 5000.0, "2026-03-01T13:00:00Z"),
    ]
    assert items[0]["channel"] == "bilibili"
    assert items[1]["member_id"] == str(owner.member_id)
    assert items[0]["metric_id"] != items[1]["metric_id"]
    assert set(items[0]) == {
        "id", "metric", "metric_id", "value", "observed_at",
        "campaign_id", "member_id", "channel", "created_at",
    }  # fmt: skip


def test_ten_thousand_items_are_stored_in_one_request(owner: Caller, session: Session) -> None:
    body = created(owner.post("datapoints", json={"items": views(10_000)}))

    listed = all_points(owner, metric="content_views")

    assert body == {"created": 10_000}
    assert stored_count(session, owner) == 10_000
    assert len(listed) == 10_000
    assert sum(p["value"] for p in listed) == 10_000 * 10_001 / 2
    assert len({p["id"] for p in listed}) == 10_000
    assert [p["observed_at"] for p in listed] == sorted(p["observed_at"] for p in listed)


def test_more_than_ten_thousand_items_are_refused(owner: Caller) -> None:
    response = owner.post("datapoints", json={"items": views(10_001)})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "items"]


def test_an_empty_batch_is_refused(owner: Caller) -> None:
    assert owner.post("datapoints", json={"items": []}).status_code == 422


def test_bad_items_anywhere_are_all_named_and_nothing_is_stored(
    owner: Caller, session: Session
) -> None:
    items = views(10_000)
    items[3]["metric"] = "no_such_metric"
    items[9_999]["metric"] = "engagement_rate"

    response = owner.post("datapoints", json={"items": items})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [(e["loc"], e["type"]) for e in response.json()["errors"]] == [
        (["body", "items", 3, "metric"], "unknown_metric"),
        (["body", "items", 9_999, "metric"], "ratio_metric"),
    ]
    assert stored_count(session, owner) == 0
    assert owner.get("datapoints").json()["items"] == []


def test_malformed_items_are_all_named(owner: Caller, session: Session) -> None:
    items = views(5)
    items[1]["observed_at"] = "2026-03-01T10:00:00"
    items[2]["value"] = "NaN"
    items[4]["channel"] = "x" * 65

    response = owner.post("datapoints", json={"items": items})

    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["errors"]} == {
        ("body", "items", 1, "observed_at"),
        ("body", "items", 2, "value"),
        ("body", "items", 4, "channel"),
    }
    assert stored_count(session, owner) == 0


def test_another_workspaces_campaign_or_member_is_not_found_by_index(
    owner: Caller, outsider: Caller, session: Session
) -> None:
    mine = campaign(owner)
    theirs = campaign(outsider)
    items = views(5)
    items[0]["campaign_id"] = mine
    items[2]["campaign_id"] = theirs
    items[4]["member_id"] = str(outsider.member_id)

    response = owner.post("datapoints", json={"items": items})

    assert response.status_code == 404
    assert [(e["loc"], e["type"]) for e in response.json()["errors"]] == [
        (["body", "items", 2, "campaign_id"], "not_found"),
        (["body", "items", 4, "member_id"], "not_found"),
    ]
    assert stored_count(session, owner) == 0


def test_a_missing_campaign_looks_like_another_workspaces_campaign(
    owner: Caller, outsider: Caller
) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    theirs = campaign(outsider)

    bodies = [
        owner.post(
            "datapoints", json={"items": [point("revenue", 1, START, campaign_id=cid)]}
        ).json()
        for cid in (missing, theirs)
    ]

    assert bodies[0]["status"] == bodies[1]["status"] == 404
    assert {k: v for k, v in bodies[0].items() if k != "instance"} == {
        k: v for k, v in bodies[1].items() if k != "instance"
    }


def test_invalid_and_missing_references_together_are_one_invalid_input(owner: Caller) -> None:
    items = views(3)
    items[0]["metric"] = "no_such_metric"
    items[2]["member_id"] = "00000000-0000-4000-8000-000000000000"

    response = owner.post("datapoints", json={"items": items})

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [
        ["body", "items", 0, "metric"],
        ["body", "items", 2, "member_id"],
    ]


def test_list_filters_by_metric_campaign_member_channel_and_time(owner: Caller) -> None:
    spring = campaign(owner)
    created(
        owner.post(
            "datapoints",
            json={
                "items": [
                    point("content_views", 1, START, channel="bilibili", campaign_id=spring),
                    point("content_views", 2, START + timedelta(hours=1), channel="douyin"),
                    point("revenue", 3, START + timedelta(hours=2), member_id=str(owner.member_id)),
                    point("revenue", 4, START + timedelta(hours=3), campaign_id=spring),
                ]
            },
        )
    )

    def values(**params: Any) -> list[float]:
        return [p["value"] for p in all_points(owner, **params)]

    assert values(metric="content_views") == [1, 2]
    assert values(campaign_id=spring) == [1, 4]
    assert values(member_id=str(owner.member_id)) == [3]
    assert values(channel="douyin") == [2]
    assert values(**{"from": "2026-03-01T09:00:00+08:00", "to": "2026-03-01T03:00:00Z"}) == [2, 3]
    assert values(metric="no_such_metric") == []


def test_list_refuses_naive_times_and_reversed_ranges(owner: Caller) -> None:
    naive = owner.get("datapoints", params={"from": "2026-03-01T00:00:00"})
    reversed_range = owner.get(
        "datapoints", params={"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"}
    )

    assert naive.status_code == 422
    assert reversed_range.status_code == 422


def test_list_pages_in_observation_order_even_for_equal_times(owner: Caller) -> None:
    items = [point("revenue", i, START + timedelta(hours=i // 3)) for i in range(12)]
    created(owner.post("datapoints", json={"items": items}))

    pages = []
    cursor = None
    while True:
        page = owner.get("datapoints", params={"limit": 5, "cursor": cursor}).json()
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    listed = [p for page in pages for p in page]
    assert [len(page) for page in pages] == [5, 5, 2]
    assert sorted(p["value"] for p in listed) == list(range(12))
    assert [(p["observed_at"], p["id"]) for p in listed] == sorted(
        (p["observed_at"], p["id"]) for p in listed
    )


def test_a_wrong_datapoint_can_be_deleted(owner: Caller) -> None:
    created(
        owner.post(
            "datapoints",
            json={"items": [point("revenue", 10, START), point("revenue", 1e9, START)]},
        )
    )
    wrong = next(p for p in owner.get("datapoints").json()["items"] if p["value"] == 1e9)

    assert owner.delete(f"datapoints/{wrong['id']}").status_code == 204
    assert owner.delete(f"datapoints/{wrong['id']}").status_code == 404
    assert [p["value"] for p in owner.get("datapoints").json()["items"]] == [10]


def test_viewers_and_read_only_tokens_read_but_cannot_write(
    owner: Caller, session: Session
) -> None:
    created(owner.post("datapoints", json={"items": views(1)}))
    existing = owner.get("datapoints").json()["items"][0]["id"]
    viewer = join(session, owner, Access.viewer)
    reader = join(session, owner, Access.editor, write=False)

    for caller in (viewer, reader):
        assert caller.get("datapoints").status_code == 200
        assert caller.post("datapoints", json={"items": views(1)}).status_code == 403
        assert caller.delete(f"datapoints/{existing}").status_code == 403
    assert stored_count(session, owner) == 1


def test_editors_record_datapoints(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)

    assert editor.post("datapoints", json={"items": views(3)}).json() == {"created": 3}


def test_another_workspaces_datapoints_are_invisible(owner: Caller, outsider: Caller) -> None:
    created(outsider.post("datapoints", json={"items": views(2)}))
    theirs = outsider.get("datapoints").json()["items"][0]["id"]

    assert owner.get("datapoints").json()["items"] == []
    assert owner.delete(f"datapoints/{theirs}").status_code == 404
    assert len(outsider.get("datapoints").json()["items"]) == 2


@pytest.mark.parametrize("with_references", [False, True])
def test_a_batch_costs_the_same_number_of_statements_whatever_its_size(
    owner: Caller, connection: Connection, with_references: bool
) -> None:
    spring = campaign(owner)

    def batch(size: int) -> list[dict[str, Any]]:
        items = views(size)
        if with_references:
            for i, item in enumerate(items):
                item["campaign_id"] = spring
                item["member_id"] = str(owner.member_id)
                item["metric"] = ("content_views", "revenue")[i % 2]
        return items

    with counting_statements(connection) as small:
        created(owner.post("datapoints", json={"items": batch(10)}))
    with counting_statements(connection) as large:
        created(owner.post("datapoints", json={"items": batch(2_000)}))

    assert len(small) == len(large), (small, large)
    assert sum("INSERT INTO datapoints" in s for s in large) == 1
