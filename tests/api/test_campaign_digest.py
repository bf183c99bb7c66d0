"""The weekly campaign digest: tasks done and slipped, reports with their health, goal
metric movement and open risks, for the week (Monday–Sunday) in the workspace's zone."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models.enums import Access
from tests.api.helpers import assign, make_campaign, seeded
from tests.factories import Caller, count_statements, created, join

Json = dict[str, Any]


def at(local: str) -> datetime:
    """A Shanghai wall-clock time as an instant."""
    return datetime.fromisoformat(f"{local}+08:00")


@dataclass(frozen=True)
class Scene:
    campaign: Json
    author: Caller
    reviewer: Caller
    schedule: Json


@pytest.fixture
def scene(owner: Caller, session: Session, clock: SettableClock) -> Scene:
    """Monday 2026-11-30, 17:00 in Shanghai; the campaign's goal is 1,000 followers."""
    owner.patch("", json={"timezone": "Asia/Shanghai"})
    author = join(session, owner, Access.viewer)
    reviewer = join(session, owner, Access.editor)
    metric = seeded(owner, "metrics", "followers")
    campaign = make_campaign(owner, goals=[{"metric_id": metric["id"], "target": 1000}])
    creator = seeded(owner, "roles", "creator")
    created(assign(owner, {"id": str(reviewer.member_id)}, creator, "accountable", campaign))
    schedule = created(
        owner.post(
            "report-schedules",
            json={"campaign_id": campaign["id"], "author_member_ids": [str(author.member_id)]},
        )
    )
    return Scene(campaign, author, reviewer, schedule)


def task(owner: Caller, scene: Scene, title: str, due_at: str) -> Json:
    body = {"title": title, "campaign_id": scene.campaign["id"], "due_at": due_at}
    return created(owner.post("tasks", json=body))


def set_status(owner: Caller, item: Json, status: str) -> None:
    assert owner.patch(f"tasks/{item['id']}", json={"status": status}).status_code == 200


def digest(caller: Caller, scene: Scene, **params: str) -> Json:
    response = caller.get(f"campaigns/{scene.campaign['id']}/digest", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def titles(items: list[Json]) -> list[str]:
    return [item["title"] for item in items]


def test_tasks_done_and_slipped_in_the_week(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    clock.set(at("2026-11-27T10:00:00"))  # the Friday before
    last_week = task(owner, scene, "Last week's cut", "2026-11-27")
    set_status(owner, last_week, "done")
    clock.set(at("2026-11-30T17:00:00"))
    on_time = task(owner, scene, "On time", "2026-12-01")
    late = task(owner, scene, "Done late", "2026-12-02T10:00:00+08:00")
    open_ = task(owner, scene, "Still open", "2026-12-02T12:00:00+08:00")
    task(owner, scene, "Not due yet", "2026-12-05")
    dropped = task(owner, scene, "Dropped", "2026-12-01")
    task(owner, scene, "Next week", "2026-12-08")
    clock.set(at("2026-12-01T12:00:00"))
    set_status(owner, on_time, "done")
    set_status(owner, dropped, "cancelled")
    clock.set(at("2026-12-02T15:00:00"))
    set_status(owner, late, "done")
    set_status(owner, open_, "doing")
    clock.set(at("2026-12-03T09:00:00"))

    week = digest(owner, scene)

    assert (week["week_start"], week["week_end"]) == ("2026-11-30", "2026-12-06")
    assert week["starts_at"] == "2026-11-29T16:00:00Z"
    assert titles(week["tasks_done"]) == ["On time", "Done late"]
    assert titles(week["tasks_slipped"]) == ["Done late", "Still open"]
    assert week["tasks_slipped"][1]["status"] == "doing"
    before = digest(owner, scene, week="2026-11-26")
    assert (before["week_start"], titles(before["tasks_done"])) == (
        "2026-11-23",
        ["Last week's cut"],
    )
    assert before["tasks_slipped"] == []


def test_reports_with_health_and_difficulties_open_until_acknowledged(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    clock.set(at("2026-12-04T17:00:00"))
    report = created(
        scene.author.post(
            "reports",
            json={
                "schedule_id": scene.schedule["id"],
                "health": "at_risk",
                "difficulties": "The sponsor has **not** signed.",
                "submit": True,
            },
        )
    )
    clock.set(at("2026-12-04T17:30:00"))
    quiet = created(
        scene.author.post(
            "reports",
            json={"campaign_id": scene.campaign["id"], "health": "on_track", "submit": True},
        )
    )
    created(
        scene.author.post(
            "reports",
            json={"campaign_id": scene.campaign["id"], "health": "off_track", "difficulties": "x"},
        )
    )  # a private draft: in no digest

    week = digest(scene.reviewer, scene)

    assert [(r["id"], r["health"]) for r in week["reports"]] == [
        (report["id"], "at_risk"),
        (quiet["id"], "on_track"),
    ]
    assert [r["report_id"] for r in week["open_risks"]] == [report["id"]]
    assert week["open_risks"][0]["difficulties"] == "The sponsor has **not** signed."
    assert "<strong>not</strong>" in week["open_risks"][0]["difficulties_html"]
    scene.reviewer.post(f"reports/{report['id']}/acknowledge", json={"comment": "Calling."})
    answered = digest(scene.reviewer, scene)
    assert answered["open_risks"] == []
    assert [r["status"] for r in answered["reports"]] == ["acknowledged", "submitted"]
    assert digest(owner, scene, week="2026-12-07")["reports"] == []


def test_goal_metrics_move_from_before_the_week_to_its_end(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    def point(value: float, observed_at: str) -> Json:
        return {
            "metric": "followers",
            "value": value,
            "observed_at": observed_at,
            "campaign_id": scene.campaign["id"],
        }

    clock.set(at("2026-12-07T09:00:00"))
    created(
        owner.post(
            "datapoints",
            json={
                "items": [
                    point(400, "2026-11-20T12:00:00+08:00"),
                    point(500, "2026-11-29T23:00:00+08:00"),
                    point(580, "2026-12-01T12:00:00+08:00"),
                    point(620, "2026-12-06T23:00:00+08:00"),
                    point(900, "2026-12-07T01:00:00+08:00"),  # next week
                ]
            },
        )
    )

    week = digest(owner, scene, week="2026-12-02")
    (followers,) = week["metrics"]

    assert (followers["key"], followers["target"]) == ("followers", 1000)
    assert (followers["start_value"], followers["end_value"], followers["change"]) == (
        500,
        620,
        120,
    )
    early = digest(owner, scene, week="2026-11-01")["metrics"][0]
    assert (early["start_value"], early["end_value"], early["change"]) == (None, None, None)


def test_active_goals_show_their_key_results_and_the_weeks_movement(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    def goal(title: str, state: str) -> Json:
        body = {
            "title": title,
            "campaign_id": scene.campaign["id"],
            "starts_on": "2026-11-01",
            "due_on": "2026-12-31",
            "state": state,
            "key_results": [
                {
                    "metric": "followers",
                    "campaign_id": scene.campaign["id"],
                    "start_value": 400,
                    "target_value": 1000,
                }
            ],
        }
        return created(owner.post("goals", json=body))

    clock.set(at("2026-12-07T09:00:00"))
    active = goal("Reach 1,000 followers", "active")
    goal("Someday", "draft")
    items = [
        (400, "2026-11-20T12:00:00"),
        (500, "2026-11-29T23:00:00"),
        (580, "2026-12-01T12:00:00"),
        (620, "2026-12-06T23:00:00"),
        (900, "2026-12-07T01:00:00"),  # next week
    ]
    body = [
        {
            "metric": "followers",
            "value": value,
            "observed_at": f"{when}+08:00",
            "campaign_id": scene.campaign["id"],
        }
        for value, when in items
    ]
    created(owner.post("datapoints", json={"items": body}))

    (listed,) = digest(owner, scene, week="2026-12-02")["goals"]
    (kr,) = listed["key_results"]

    assert (listed["id"], listed["title"]) == (active["id"], "Reach 1,000 followers")
    assert (kr["metric"], kr["start_value"], kr["target_value"]) == ("followers", 400, 1000)
    assert (kr["week_start_value"], kr["current_value"], kr["change"]) == (500, 620, 120)
    assert kr["progress"] == listed["progress"] == 36.6667  # (620 − 400) / (1000 − 400)
    assert kr["status"] == listed["status"] == "off_track"  # 37 % done, 58 % expected
    this_week = digest(owner, scene)["goals"][0]["key_results"][0]
    assert (this_week["week_start_value"], this_week["current_value"]) == (620, 900)


def test_another_workspaces_campaign_is_not_found_and_bad_weeks_name_the_field(
    owner: Caller, outsider: Caller, scene: Scene
) -> None:
    path = f"campaigns/{scene.campaign['id']}/digest"

    assert outsider.get(path).status_code == 404
    refused = owner.get(path, params={"week": "2026-02-30"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["query", "week"]


def test_the_digest_takes_the_same_statements_for_2_or_20_tasks(
    owner: Caller, scene: Scene, clock: SettableClock, connection: Connection
) -> None:
    def statements_with(count: int) -> int:
        for index in range(count):
            item = task(owner, scene, f"Task {index}", "2026-12-01")
            set_status(owner, item, "done")
        recorded = count_statements(connection)
        digest(owner, scene)
        return len(recorded)

    clock.set(at("2026-12-01T10:00:00"))
    few = statements_with(2)
    many = statements_with(18)

    assert few == many
