"""Periodic reports: schedules and reporting states over time, private drafts, versions,
acknowledgement by the reviewer, and escalation along the division of labour."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.core import richtext
from app.core.clock import SettableClock
from app.jobs import runner
from app.models.enums import Access
from app.reports import reads as report_reads
from tests.api.helpers import assign, make_campaign, seeded
from tests.factories import Caller, created, join

Json = dict[str, Any]


def at(local: str) -> datetime:
    """A Shanghai wall-clock time as an instant."""
    return datetime.fromisoformat(f"{local}+08:00")


@dataclass(frozen=True)
class Scene:
    campaign: Json
    author: Caller  # a viewer who reports
    reviewer: Caller  # an editor, Accountable for the campaign
    lead: Json
    schedule: Json


@pytest.fixture
def scene(owner: Caller, session: Session, clock: SettableClock) -> Scene:
    """Monday 2026-11-30, 17:00 in Shanghai; reports due Fridays 18:00 with 72 h grace."""
    owner.patch("", json={"timezone": "Asia/Shanghai"})
    author = join(session, owner, Access.viewer)
    reviewer = join(session, owner, Access.editor)
    lead = created(owner.post("members", json={"display_name": "Lead Wang"}))
    metric = seeded(owner, "metrics", "followers")
    campaign = make_campaign(
        owner, lead_member_id=lead["id"], goals=[{"metric_id": metric["id"], "target": 1000}]
    )
    creator = seeded(owner, "roles", "creator")
    created(assign(owner, {"id": str(reviewer.member_id)}, creator, "accountable", campaign))
    schedule = created(
        owner.post(
            "report-schedules",
            json={"campaign_id": campaign["id"], "author_member_ids": [str(author.member_id)]},
        )
    )
    return Scene(campaign, author, reviewer, lead, schedule)


def state_of(caller: Caller, scene: Scene) -> str:
    schedule = caller.get(f"report-schedules/{scene.schedule['id']}").json()
    return str(schedule["reporting_state"][0]["state"])


def file_report(caller: Caller, scene: Scene, **fields: Any) -> Json:
    body = {
        "schedule_id": scene.schedule["id"],
        "health": "at_risk",
        "progress": "Two of three videos cut.",
        "difficulties": "Sponsor has not signed.",
        "next_plan": "Publish Tuesday.",
        "submit": True,
        **fields,
    }
    return created(caller.post("reports", json=body))


def test_a_schedule_defaults_to_fridays_at_18_with_the_accountable_reviewing(
    owner: Caller, scene: Scene
) -> None:
    schedule = scene.schedule

    assert (schedule["rrule"], schedule["due_time"], schedule["grace_hours"]) == (
        "FREQ=WEEKLY;BYDAY=FR",
        "18:00",
        72,
    )
    assert schedule["reviewer_member_id"] == str(scene.reviewer.member_id)
    assert schedule["next_due_at"] == "2026-12-04T10:00:00Z"


def test_the_reporting_state_moves_with_the_clock_and_a_gap_stays_visible(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    assert state_of(owner, scene) == "fresh"
    clock.set(at("2026-12-03T18:30:00"))
    assert state_of(owner, scene) == "due_soon"
    clock.set(at("2026-12-04T18:01:00"))
    assert state_of(owner, scene) == "overdue"
    clock.set(at("2026-12-07T18:01:00"))  # Friday 18:00 + 72 h has passed
    assert state_of(owner, scene) == "missed"

    file_report(scene.author, scene, period_at="2026-12-11T10:00:00Z")
    clock.set(at("2026-12-12T09:00:00"))
    schedule = owner.get(f"report-schedules/{scene.schedule['id']}").json()
    assert schedule["reporting_state"][0]["state"] == "fresh"
    assert schedule["reporting_state"][0]["missed_periods"] == ["2026-12-04T10:00:00Z"]


def test_a_paused_schedule_says_so(owner: Caller, scene: Scene) -> None:
    owner.patch(f"report-schedules/{scene.schedule['id']}", json={"enabled": False})

    assert state_of(owner, scene) == "paused"


def test_a_draft_is_private_until_submitted_and_then_snapshots_the_goals(
    owner: Caller, scene: Scene
) -> None:
    draft = file_report(scene.author, scene, submit=False)

    assert owner.get(f"reports/{draft['id']}").status_code == 404
    assert owner.get("reports").json()["items"] == []
    assert draft["metrics_snapshot"] == []
    submitted = scene.author.patch(f"reports/{draft['id']}", json={"submit": True}).json()
    assert submitted["status"] == "submitted"
    assert [m["key"] for m in submitted["metrics_snapshot"]] == ["followers"]
    assert submitted["metrics_snapshot"][0]["target"] == 1000
    assert owner.get(f"reports/{draft['id']}").status_code == 200


def test_a_viewer_cannot_file_a_report_for_someone_else(owner: Caller, scene: Scene) -> None:
    refused = scene.author.post(
        "reports",
        json={
            "campaign_id": scene.campaign["id"],
            "author_member_id": str(owner.member_id),
            "health": "on_track",
        },
    )

    assert refused.status_code == 403


def test_only_the_author_edits_and_edits_after_submission_are_versions(
    owner: Caller, scene: Scene
) -> None:
    report = file_report(scene.author, scene)

    assert owner.patch(f"reports/{report['id']}", json={"health": "on_track"}).status_code == 403
    edited = scene.author.patch(
        f"reports/{report['id']}", json={"health": "on_track", "progress": "All three cut."}
    ).json()

    assert (edited["health"], edited["progress"]) == ("on_track", "All three cut.")
    assert [(v["version"], v["health"], v["progress"]) for v in edited["versions"]] == [
        (1, "at_risk", "Two of three videos cut.")
    ]


def test_the_reviewer_acknowledges_from_the_inbox(owner: Caller, scene: Scene) -> None:
    report = file_report(scene.author, scene)

    inbox = scene.reviewer.get("reports", params={"awaiting_my_acknowledgement": True}).json()
    assert [r["id"] for r in inbox["items"]] == [report["id"]]
    bystander = scene.author.post(f"reports/{report['id']}/acknowledge", json={})
    assert bystander.status_code == 403
    acknowledged = scene.reviewer.post(
        f"reports/{report['id']}/acknowledge", json={"comment": "I'll call them."}
    ).json()

    assert acknowledged["status"] == "acknowledged"
    assert acknowledged["acknowledged_by_member_id"] == str(scene.reviewer.member_id)
    again = scene.reviewer.post(f"reports/{report['id']}/acknowledge", json={})
    assert again.status_code == 409
    assert (
        scene.reviewer.get("reports", params={"awaiting_my_acknowledgement": True}).json()["items"]
        == []
    )


def test_overdue_tells_the_reviewer_then_past_grace_the_lead_each_once(
    owner: Caller,
    scene: Scene,
    clock: SettableClock,
    session_factory: sessionmaker[Session],
) -> None:
    def steps() -> list[tuple[str, str | None]]:
        items = owner.get("activities", params={"verb": ["report.overdue", "report.escalated"]})
        return sorted((a["verb"], a["related_member_id"]) for a in items.json()["items"])

    def run() -> None:
        runner.run_due_jobs(session_factory, clock=clock, kinds=["reports.escalate"])

    clock.set(at("2026-12-04T17:00:00"))
    run()
    assert steps() == []
    clock.set(at("2026-12-04T18:10:00"))
    run()
    run()
    assert steps() == [("report.overdue", str(scene.reviewer.member_id))]
    clock.set(at("2026-12-07T18:10:00"))
    run()
    assert steps() == [
        ("report.escalated", scene.lead["id"]),
        ("report.overdue", str(scene.reviewer.member_id)),
    ]


def test_a_report_on_time_escalates_nothing(
    owner: Caller,
    scene: Scene,
    clock: SettableClock,
    session_factory: sessionmaker[Session],
) -> None:
    clock.set(at("2026-12-04T16:00:00"))
    file_report(scene.author, scene)
    clock.set(at("2026-12-08T09:00:00"))

    runner.run_due_jobs(session_factory, clock=clock, kinds=["reports.escalate"])

    items = owner.get("activities", params={"verb": "report.escalated"}).json()["items"]
    assert items == []
    assert state_of(owner, scene) == "fresh"


@pytest.mark.parametrize(
    ("fields", "status", "loc"),
    [
        ({"rrule": "FREQ=YEARLY"}, 422, ["body", "rrule"]),
        ({"rrule": "FREQ=DAILY;COUNT=2;UNTIL=20270101"}, 422, ["body", "rrule"]),
        ({"grace_hours": -1}, 422, ["body", "grace_hours"]),
        (
            {"reviewer_member_id": "00000000-0000-4000-8000-000000000000"},
            404,
            ["body", "reviewer_member_id"],
        ),
        ({"start_on": "2026-13-01"}, 422, ["body", "start_on"]),
    ],
)
def test_bad_schedules_name_the_field(
    owner: Caller, scene: Scene, fields: Json, status: int, loc: list[str]
) -> None:
    body = {
        "campaign_id": scene.campaign["id"],
        "author_member_ids": [str(scene.author.member_id)],
        **fields,
    }

    refused = owner.post("report-schedules", json=body)

    assert refused.status_code == status, refused.text
    assert refused.json()["errors"][0]["loc"][:2] == loc


def test_a_period_that_is_not_the_schedules_is_refused(scene: Scene) -> None:
    refused = scene.author.post(
        "reports",
        json={
            "schedule_id": scene.schedule["id"],
            "health": "on_track",
            "period_at": "2026-12-03T10:00:00Z",
        },
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "period_at"]


def test_a_late_report_turns_the_health_finding_on_and_a_report_turns_it_off(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    def codes() -> list[str]:
        health = owner.get(f"campaigns/{scene.campaign['id']}/health").json()
        return [f["code"] for f in health["findings"] if f["code"] == "report_overdue"]

    assert codes() == []
    clock.set(at("2026-12-04T18:30:00"))
    assert codes() == ["report_overdue"]
    workspace = owner.get("health").json()
    assert "report_overdue" in [f["code"] for f in workspace["findings"]]
    file_report(scene.author, scene)
    assert codes() == []


def test_a_report_turns_overdue_on_the_same_day_without_any_write(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    def codes() -> list[str]:
        health = owner.get(f"campaigns/{scene.campaign['id']}/health").json()
        return [f["code"] for f in health["findings"] if f["code"] == "report_overdue"]

    clock.set(at("2026-12-04T10:00:00"))
    assert codes() == []
    clock.set(at("2026-12-04T18:30:00"))
    assert codes() == ["report_overdue"]


def test_an_overdue_report_is_found_by_member_and_counted_for_its_campaign(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    owner.patch(f"campaigns/{scene.campaign['id']}", json={"status": "active"}).raise_for_status()
    clock.set(at("2026-12-04T18:30:00"))
    author = str(scene.author.member_id)

    health = owner.get("health", params={"member_id": author}).json()
    summary = next(
        c
        for c in owner.get("health").json()["campaigns"]
        if c["campaign_id"] == scene.campaign["id"]
    )
    groups = [g for g in health["groups"] if g["code"] == "report_overdue"]

    found = [f for f in health["findings"] if f["code"] == "report_overdue"]
    assert [f["member_ids"] for f in found] == [[author]]
    assert groups == [
        {
            "campaign_id": scene.campaign["id"],
            "code": "report_overdue",
            "severity": "warning",
            "count": 1,
        }
    ]
    alone = owner.get(f"campaigns/{scene.campaign['id']}/health").json()["summary"]
    assert summary["summary"] == alone


def test_schedules_filtered_by_author_come_in_full_pages(owner: Caller, scene: Scene) -> None:
    author = str(scene.author.member_id)
    for authors in ([author], [str(scene.reviewer.member_id)], [author]):
        campaign = make_campaign(owner, lead_member_id=scene.lead["id"])
        body = {"campaign_id": campaign["id"], "author_member_ids": authors}
        created(owner.post("report-schedules", json=body))

    first = owner.get("report-schedules", params={"author_member_id": author, "limit": 3}).json()
    one = owner.get("report-schedules", params={"author_member_id": author, "limit": 1}).json()

    assert len(first["items"]) == 3  # the scene's schedule and two of the three new ones
    assert first["next_cursor"] is None
    assert all(author in s["author_member_ids"] for s in first["items"])
    assert len(one["items"]) == 1


def test_a_page_of_reports_renders_each_text_once_and_empty_parts_not_at_all(
    owner: Caller, scene: Scene, clock: SettableClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.set(at("2026-12-04T10:00:00"))
    file_report(scene.author, scene, difficulties="", next_plan="Same plan")
    clock.set(at("2026-12-11T10:00:00"))
    file_report(scene.author, scene, difficulties="", next_plan="Same plan")
    texts: list[str] = []

    def render(text: str) -> str:
        texts.append(text)
        return richtext.render(text)

    monkeypatch.setattr(report_reads, "render", render)

    page = owner.get("reports").json()["items"]

    assert sorted(texts) == ["Same plan", "Two of three videos cut."]
    assert [r["html"]["next_plan"] for r in page] == ["<p>Same plan</p>\n"] * 2
    assert [r["html"]["difficulties"] for r in page] == ["", ""]
