"""Recurring work plans: schedules (DST included), rotation, the completion anchor,
idempotent materialisation, edits that reach open future occurrences only, and skips."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from app.jobs import runner
from app.models import Task, User, WorkPlan
from app.models.enums import Access, Locale
from app.work_plans import occurrence_rows
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created, join

Json = dict[str, Any]
MONDAY = datetime.fromisoformat("2026-11-30T09:00:00+00:00")  # the clock fixture's now


@dataclass(frozen=True)
class Scene:
    campaign: Json
    lin: Json
    zhou: Json
    community: Json  # a role Lin and Zhou hold on the campaign


@pytest.fixture
def scene(owner: Caller, clock: SettableClock) -> Scene:
    """Monday 2026-11-30, 17:00 in Shanghai (the clock fixture's time)."""
    owner.patch("", json={"timezone": "Asia/Shanghai"})
    campaign = make_campaign(owner, "Fans")
    lin = make_member(owner, display_name="Lin")
    zhou = make_member(owner, display_name="Zhou")
    community = seeded(owner, "roles", "community_operations")
    created(assign(owner, lin, community, "accountable", campaign))
    created(assign(owner, zhou, community, "responsible", campaign))
    return Scene(campaign, lin, zhou, community)


def new_plan(caller: Caller, scene: Scene, **fields: Any) -> Json:
    body = {
        "title": "Plan next week's community activity",
        "campaign_id": scene.campaign["id"],
        "owner_member_id": scene.lin["id"],
        "rrule": "FREQ=WEEKLY;BYDAY=FR",
        "start_on": "2026-11-30",
        "due_time": "18:00",
        **fields,
    }
    return created(caller.post("work-plans", json=body))


def occurrences_of(caller: Caller, plan: Json) -> list[Json]:
    items: list[Json] = caller.get("tasks", params={"plan_id": plan["id"], "limit": 200}).json()[
        "items"
    ]
    return sorted(items, key=lambda task: task["occurrence_at"])


def test_this_weeks_occurrence_appears_as_a_task_when_within_its_lead_days(
    owner: Caller, scene: Scene
) -> None:
    plan = new_plan(owner, scene, lead_days=4, checklist=["Review numbers", "Post notice"])

    tasks = occurrences_of(owner, plan)

    assert [t["due_at"] for t in tasks] == ["2026-12-04T10:00:00Z"]  # Friday 18:00 Shanghai
    assert tasks[0]["occurrence_at"] == tasks[0]["due_at"]
    assert [s["text"] for s in tasks[0]["checklist"]] == ["Review numbers", "Post notice"]
    assert tasks[0]["owner_member_id"] == scene.lin["id"]
    assert plan["rrule_text"]


def test_an_occurrence_outside_the_lead_days_waits_for_the_job(
    owner: Caller, scene: Scene, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    plan = new_plan(owner, scene, lead_days=1)
    assert occurrences_of(owner, plan) == []

    clock.set(datetime.fromisoformat("2026-12-02T16:00:00+00:00"))  # Thursday 00:00 Shanghai
    report = runner.run_due_jobs(session_factory, clock=clock, kinds=["work_plans.materialise"])

    assert len(report.done) == 1
    assert [t["due_at"] for t in occurrences_of(owner, plan)] == ["2026-12-04T10:00:00Z"]


def test_reading_again_and_the_job_create_nothing_more(
    owner: Caller, scene: Scene, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    plan = new_plan(owner, scene, rrule="FREQ=DAILY", lead_days=2)
    first = occurrences_of(owner, plan)

    runner.run_due_jobs(session_factory, clock=clock, kinds=["work_plans.materialise"])
    again = occurrences_of(owner, plan)

    assert len(first) == 3  # today 18:00, tomorrow, the day after
    assert [t["id"] for t in again] == [t["id"] for t in first]


def test_the_database_refuses_a_second_task_for_one_occurrence(
    owner: Caller, scene: Scene, session: Session
) -> None:
    plan = new_plan(owner, scene, lead_days=4)
    row = session.get_one(WorkPlan, uuid.UUID(plan["id"]))
    occurrence = datetime.fromisoformat("2026-12-04T10:00:00+00:00")

    assert (
        occurrence_rows.create_occurrences(
            session,
            [occurrence_rows.task_values(row, occurrence=occurrence, owner=None)],
            now=MONDAY,
        )
        == 0
    )
    duplicate = Task(**occurrence_rows.task_values(row, occurrence=occurrence, owner=None))
    savepoint = session.begin_nested()
    session.add(duplicate)
    with pytest.raises(IntegrityError):
        session.flush()
    savepoint.rollback()


def test_missed_occurrences_are_skipped_unless_the_plan_creates_all(
    owner: Caller, scene: Scene
) -> None:
    skipping = new_plan(owner, scene, title="Skip", rrule="FREQ=DAILY", start_on="2026-11-25")
    catching = new_plan(
        owner,
        scene,
        title="Catch up",
        rrule="FREQ=DAILY",
        start_on="2026-11-25",
        catch_up="create_all",
    )

    assert [t["due_at"][:10] for t in occurrences_of(owner, skipping)] == ["2026-11-30"]
    assert [t["due_at"][:10] for t in occurrences_of(owner, catching)] == [
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
        "2026-11-28",
        "2026-11-29",
        "2026-11-30",
    ]


def test_a_role_plan_rotates_round_robin_among_the_roles_holders(
    owner: Caller, scene: Scene
) -> None:
    plan = new_plan(
        owner,
        scene,
        owner_member_id=None,
        role_id=scene.community["id"],
        rotation="round_robin",
        rrule="FREQ=DAILY",
        lead_days=3,
    )

    owners = [t["owner_member_id"] for t in occurrences_of(owner, plan)]

    assert owners == [scene.lin["id"], scene.zhou["id"], scene.lin["id"], scene.zhou["id"]]
    assert all(t["warnings"] == [] for t in occurrences_of(owner, plan))


def test_completion_anchor_counts_from_when_the_last_one_was_done(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    plan = new_plan(owner, scene, rrule="FREQ=DAILY;INTERVAL=3", anchor="completion", lead_days=3)
    [first] = occurrences_of(owner, plan)
    assert first["due_at"] == "2026-11-30T10:00:00Z"

    clock.set(datetime.fromisoformat("2026-12-01T12:00:00+00:00"))  # done a day late
    owner.patch(f"tasks/{first['id']}", json={"status": "done"})

    dues = [t["due_at"] for t in occurrences_of(owner, plan)]
    assert dues == ["2026-11-30T10:00:00Z", "2026-12-04T10:00:00Z"]  # 3 days after done


def test_a_completion_anchor_never_schedules_in_the_past(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    plan = new_plan(
        owner, scene, rrule="FREQ=DAILY", anchor="completion", due_time="08:00", lead_days=1
    )
    [first] = occurrences_of(owner, plan)
    assert first["due_at"] == "2026-12-01T00:00:00Z"

    clock.set(datetime.fromisoformat("2026-12-05T03:00:00+00:00"))  # 11:00 in Shanghai
    owner.patch(f"tasks/{first['id']}", json={"status": "done"})

    assert occurrences_of(owner, plan)[-1]["due_at"] == "2026-12-06T00:00:00Z"


def test_a_daily_plan_in_a_dst_gap_gives_one_occurrence_that_day(
    owner: Caller, clock: SettableClock
) -> None:
    owner.patch("", json={"timezone": "America/New_York"})
    member = make_member(owner, display_name="Ana")
    campaign = make_campaign(owner)
    body = {
        "title": "Night check",
        "campaign_id": campaign["id"],
        "owner_member_id": member["id"],
        "rrule": "FREQ=DAILY",
        "start_on": "2027-03-13",
        "due_time": "02:30",
    }
    plan = created(owner.post("work-plans", json=body))

    items = owner.get(f"work-plans/{plan['id']}/preview", params={"count": 3}).json()["items"]

    assert [o["occurrence_at"] for o in items] == [
        "2027-03-13T07:30:00Z",  # 02:30 EST
        "2027-03-14T07:30:00Z",  # 02:30 does not exist: 03:30 EDT
        "2027-03-15T06:30:00Z",  # 02:30 EDT
    ]


def test_preview_creates_nothing(owner: Caller, scene: Scene, session: Session) -> None:
    plan = new_plan(owner, scene, rrule="FREQ=MONTHLY;BYDAY=-1FR")

    items = owner.get(f"work-plans/{plan['id']}/preview", params={"count": 3}).json()["items"]

    assert [o["occurrence_at"][:10] for o in items] == ["2026-12-25", "2027-01-29", "2027-02-26"]
    count = session.scalar(select(func.count(Task.id)).where(Task.plan_id == uuid.UUID(plan["id"])))
    assert count == 0


def test_plan_edits_reach_open_future_occurrences_only_and_spare_one_off_edits(
    owner: Caller, scene: Scene
) -> None:
    plan = new_plan(owner, scene, rrule="FREQ=DAILY", lead_days=2, due_time="20:00")
    today, _tomorrow, after = occurrences_of(owner, plan)
    owner.patch(f"tasks/{today['id']}", json={"status": "done"})
    owner.patch(f"tasks/{after['id']}", json={"title": "Special: live stream day"})

    response = owner.patch(f"work-plans/{plan['id']}", json={"title": "Reply and moderate"})

    assert response.status_code == 200
    titles = [t["title"] for t in occurrences_of(owner, plan)]
    assert titles == [plan["title"], "Reply and moderate", "Special: live stream day"]


def test_a_new_schedule_replaces_untouched_open_occurrences(owner: Caller, scene: Scene) -> None:
    plan = new_plan(owner, scene, rrule="FREQ=DAILY", lead_days=2)

    owner.patch(f"work-plans/{plan['id']}", json={"due_time": "21:00"})

    dues = [t["due_at"] for t in occurrences_of(owner, plan)]
    assert dues == ["2026-11-30T13:00:00Z", "2026-12-01T13:00:00Z", "2026-12-02T13:00:00Z"]


def test_skipping_an_occurrence_cancels_its_task_and_it_stays_skipped(
    owner: Caller, scene: Scene
) -> None:
    plan = new_plan(owner, scene, lead_days=4)
    [task] = occurrences_of(owner, plan)

    skipped = owner.post(
        f"work-plans/{plan['id']}/occurrences/skip", json={"occurrence_at": task["occurrence_at"]}
    )

    assert skipped.status_code == 200, skipped.text
    assert owner.get(f"tasks/{task['id']}").json()["status"] == "cancelled"
    preview = owner.get(f"work-plans/{plan['id']}/preview", params={"count": 1}).json()
    assert preview["items"][0]["skipped"] is True
    not_one = owner.post(
        f"work-plans/{plan['id']}/occurrences/skip", json={"occurrence_at": "2026-12-03T10:00:00Z"}
    )
    assert not_one.status_code == 422
    assert not_one.json()["errors"][0]["loc"] == ["body", "occurrence_at"]


def test_deleting_a_plan_keeps_done_occurrences(owner: Caller, scene: Scene) -> None:
    plan = new_plan(owner, scene, rrule="FREQ=DAILY", lead_days=1)
    done, upcoming = occurrences_of(owner, plan)
    owner.patch(f"tasks/{done['id']}", json={"status": "done"})

    assert owner.delete(f"work-plans/{plan['id']}").status_code == 204

    assert owner.get(f"tasks/{done['id']}").json()["plan_id"] is None
    assert owner.get(f"tasks/{upcoming['id']}").status_code == 404


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"rrule": "FREQ=WEEKLY;BYHOUR=9"}, ["body", "rrule"]),
        ({"rrule": "INTERVAL=2"}, ["body", "rrule"]),
        ({"rrule": "FREQ=DAILY;COUNT=3;UNTIL=20270101"}, ["body", "rrule"]),
        ({"rrule": "FREQ=DAILY;UNTIL=20261101"}, ["body", "rrule"]),
        ({"start_on": "2026-02-30"}, ["body", "start_on"]),
        ({"checklist": ["step"] * 201}, ["body", "checklist"]),
        ({"lead_days": 400}, ["body", "lead_days"]),
    ],
)
def test_bad_plans_are_a_422_naming_the_field(
    owner: Caller, scene: Scene, fields: Json, loc: list[str]
) -> None:
    body = {
        "title": "Bad",
        "campaign_id": scene.campaign["id"],
        "owner_member_id": scene.lin["id"],
        "rrule": "FREQ=DAILY",
        **fields,
    }

    refused = owner.post("work-plans", json=body)

    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["loc"][:2] == loc


def test_a_plan_needs_an_owner_or_a_role_not_both(owner: Caller, scene: Scene) -> None:
    both = {"role_id": scene.community["id"]}
    assert owner.post("work-plans", json={**both, "title": "x"}).status_code == 422
    body = {
        "title": "Both",
        "campaign_id": scene.campaign["id"],
        "owner_member_id": scene.lin["id"],
        "role_id": scene.community["id"],
        "rrule": "FREQ=DAILY",
    }
    assert owner.post("work-plans", json=body).status_code == 422


def test_only_editors_plan_work(owner: Caller, scene: Scene, session: Session) -> None:
    viewer = join(session, owner, Access.viewer)
    plan = new_plan(owner, scene)

    body = {
        "title": "Mine",
        "campaign_id": scene.campaign["id"],
        "owner_member_id": scene.lin["id"],
        "rrule": "FREQ=DAILY",
    }
    assert viewer.post("work-plans", json=body).status_code == 403
    assert viewer.patch(f"work-plans/{plan['id']}", json={"title": "x"}).status_code == 403
    assert viewer.get(f"work-plans/{plan['id']}/preview").status_code == 200


def test_the_week_ahead_is_materialised_by_the_job_as_time_passes(
    owner: Caller, scene: Scene, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    plan = new_plan(owner, scene, lead_days=4)

    for _ in range(14):
        clock.advance(timedelta(days=1))
        runner.run_due_jobs(session_factory, clock=clock, kinds=["work_plans.materialise"])

    assert [t["due_at"][:10] for t in occurrences_of(owner, plan)] == [
        "2026-12-04",
        "2026-12-11",
        "2026-12-18",
    ]


def test_templates_per_guide_role_come_in_the_callers_language(
    owner: Caller, session: Session
) -> None:
    english = owner.get("work-plans/templates", params={"role_key": "data_analysis"}).json()
    session.get_one(User, owner.user_id).locale = Locale.zh_cn
    session.commit()
    chinese = owner.get("work-plans/templates").json()

    assert [t["title"] for t in english] == ["Weekly metrics review"]
    assert "回复粉丝并维护社群秩序" in [t["title"] for t in chinese]
    roles = {t["role_key"] for t in chinese}
    assert roles <= {r["key"] for r in owner.get("roles", params={"limit": 200}).json()["items"]}
