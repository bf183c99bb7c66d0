"""Tasks: owners, due times in the workspace's zone, status rules, filters, access."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.core.clock import SettableClock
from app.models import User
from app.models.enums import Access, Locale
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, count_statements, created, join

Json = dict[str, Any]


@dataclass(frozen=True)
class Scene:
    campaign: Json
    script: Json
    filming: Json
    lin: Json  # accountable for the script
    zhou: Json  # holds nothing
    creator: Json


@pytest.fixture
def scene(owner: Caller, clock: SettableClock) -> Scene:
    """Monday 2026-11-30, 17:00 in Shanghai (the clock fixture's time)."""
    owner.patch("", json={"timezone": "Asia/Shanghai"})
    campaign = make_campaign(owner, "Script", "Filming")
    scopes = {scope["name"]: scope for scope in campaign["scopes"]}
    script, filming = scopes["Script"], scopes["Filming"]
    lin = make_member(owner, display_name="Lin")
    creator = seeded(owner, "roles", "creator")
    created(assign(owner, lin, creator, "accountable", campaign, script))
    return Scene(campaign, script, filming, lin, make_member(owner, display_name="Zhou"), creator)


def new_task(caller: Caller, scene: Scene, **fields: Any) -> Json:
    body = {"title": "Write the hook", "campaign_id": scene.campaign["id"], **fields}
    return created(caller.post("tasks", json=body))


def test_a_date_only_due_is_the_end_of_that_day_in_the_workspace_zone(
    owner: Caller, scene: Scene
) -> None:
    task = new_task(owner, scene, due_at="2026-12-04")

    assert task["due_at"] == "2026-12-04T15:59:59Z"  # 23:59:59 in Shanghai


def test_a_due_time_without_offset_is_workspace_time(owner: Caller, scene: Scene) -> None:
    task = new_task(owner, scene, due_at="2026-12-04T18:00:00")

    assert task["due_at"] == "2026-12-04T10:00:00Z"


def test_the_accountable_of_the_scope_is_the_default_owner(owner: Caller, scene: Scene) -> None:
    task = new_task(owner, scene, scope_id=scene.script["id"])

    assert (task["owner_member_id"], task["owner_name"]) == (scene.lin["id"], "Lin")
    assert (task["campaign_name"], task["scope_name"]) == (scene.campaign["name"], "Script")
    assert task["warnings"] == []


def test_a_scope_alone_places_the_task_in_its_campaign(owner: Caller, scene: Scene) -> None:
    body = {"title": "Storyboard", "scope_id": scene.script["id"]}
    task = created(owner.post("tasks", json=body))

    assert task["campaign_id"] == scene.campaign["id"]


def test_an_owner_without_r_or_a_there_is_accepted_with_a_warning(
    owner: Caller, scene: Scene
) -> None:
    task = new_task(owner, scene, scope_id=scene.script["id"], owner_member_id=scene.zhou["id"])

    assert [w["code"] for w in task["warnings"]] == ["task_owner_not_assigned"]
    assert "Zhou" in task["warnings"][0]["message"]
    created(assign(owner, scene.zhou, scene.creator, "responsible", scene.campaign, scene.script))
    assert owner.get(f"tasks/{task['id']}").json()["warnings"] == []


def test_warnings_are_in_the_callers_language(
    owner: Caller, scene: Scene, session: Session
) -> None:
    task = new_task(owner, scene, owner_member_id=scene.zhou["id"])
    session.get_one(User, owner.user_id).locale = Locale.zh_cn
    session.commit()

    chinese = owner.get(f"tasks/{task['id']}").json()

    assert chinese["warnings"][0]["message"].startswith("Zhou 在该任务所属范围内")


def test_blocked_needs_a_reason_naming_the_field(owner: Caller, scene: Scene) -> None:
    task = new_task(owner, scene)

    refused = owner.patch(f"tasks/{task['id']}", json={"status": "blocked"})

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "blocked_reason"]
    blocked = owner.patch(
        f"tasks/{task['id']}", json={"status": "blocked", "blocked_reason": "No footage yet"}
    ).json()
    assert (blocked["status"], blocked["blocked_reason"]) == ("blocked", "No footage yet")
    moving = owner.patch(f"tasks/{task['id']}", json={"status": "doing"}).json()
    assert moving["blocked_reason"] is None


def test_done_is_stamped_by_the_server_and_cleared_when_reopened(
    owner: Caller, scene: Scene, clock: SettableClock
) -> None:
    task = new_task(owner, scene)

    done = owner.patch(f"tasks/{task['id']}", json={"status": "done"}).json()

    assert done["completed_at"] == clock.now().isoformat().replace("+00:00", "Z")
    assert done["completed_by_member_id"] == str(owner.member_id)
    reopened = owner.patch(f"tasks/{task['id']}", json={"status": "todo"}).json()
    assert (reopened["completed_at"], reopened["completed_by_member_id"]) == (None, None)


def test_overdue_means_open_and_past_due(owner: Caller, scene: Scene, clock: SettableClock) -> None:
    late = new_task(
        owner, scene, title="Late", due_at=(clock.now() - timedelta(hours=1)).isoformat()
    )
    finished = new_task(owner, scene, title="Finished", due_at="2026-11-01")
    owner.patch(f"tasks/{finished['id']}", json={"status": "done"})
    new_task(owner, scene, title="Later", due_at="2026-12-30")

    overdue = owner.get("tasks", params={"overdue": "true"}).json()["items"]

    assert [t["title"] for t in overdue] == ["Late"]
    assert overdue[0]["overdue"] is True
    rest = owner.get("tasks", params={"overdue": "false"}).json()["items"]
    assert sorted(t["title"] for t in rest) == ["Finished", "Later"]
    assert late["overdue"] is True


def test_ordered_by_due_time_soonest_first_pages_through_the_tasks_that_have_one(
    owner: Caller, scene: Scene
) -> None:
    for title, due in [("Third", "2026-12-20"), ("First", "2026-12-01"), ("Second", "2026-12-05")]:
        new_task(owner, scene, title=title, due_at=f"{due}T10:00:00Z")
    new_task(owner, scene, title="Someday", due_at=None)

    first = owner.get("tasks", params={"order": "due", "limit": 2}).json()
    rest = owner.get(
        "tasks", params={"order": "due", "limit": 2, "cursor": first["next_cursor"]}
    ).json()

    assert [t["title"] for t in first["items"]] == ["First", "Second"]
    assert [t["title"] for t in rest["items"]] == ["Third"]
    assert rest["next_cursor"] is None
    every = owner.get("tasks").json()["items"]
    assert sorted(t["title"] for t in every) == ["First", "Second", "Someday", "Third"]


def test_filters_by_owner_status_due_window_and_text(owner: Caller, scene: Scene) -> None:
    new_task(
        owner, scene, title="Edit the cut", owner_member_id=scene.lin["id"], due_at="2026-12-03"
    )
    new_task(
        owner, scene, title="Book studio", owner_member_id=scene.zhou["id"], due_at="2026-12-10"
    )
    doing = new_task(owner, scene, title="Color grade", owner_member_id=scene.lin["id"])
    owner.patch(f"tasks/{doing['id']}", json={"status": "doing"})

    def titles(**params: Any) -> list[str]:
        return sorted(t["title"] for t in owner.get("tasks", params=params).json()["items"])

    assert titles(owner_member_id=scene.lin["id"]) == ["Color grade", "Edit the cut"]
    assert titles(status=["doing"]) == ["Color grade"]
    assert titles(status=["todo", "doing"]) == ["Book studio", "Color grade", "Edit the cut"]
    assert titles(due_after="2026-12-01T00:00:00Z", due_before="2026-12-05T00:00:00Z") == [
        "Edit the cut"
    ]
    assert titles(q="STUDIO") == ["Book studio"]
    assert titles(campaign_id=scene.campaign["id"], scope_id=scene.filming["id"]) == []


def test_the_owner_ticks_their_checklist_but_a_viewer_changes_nothing_else(
    owner: Caller, scene: Scene, session: Session
) -> None:
    viewer = join(session, owner, Access.viewer)
    steps = [{"text": "Draft"}, {"text": "Review"}]
    mine = new_task(owner, scene, owner_member_id=str(viewer.member_id), checklist=steps)
    theirs = new_task(owner, scene, owner_member_id=scene.lin["id"])

    ticked = viewer.patch(
        f"tasks/{mine['id']}", json={"checklist": [{"text": "Draft", "done": True}, steps[1]]}
    )

    assert ticked.status_code == 200
    assert [s["done"] for s in ticked.json()["checklist"]] == [True, False]
    assert viewer.patch(f"tasks/{mine['id']}", json={"title": "Mine now"}).status_code == 403
    assert viewer.patch(f"tasks/{theirs['id']}", json={"status": "done"}).status_code == 403
    assert viewer.post("tasks", json={"title": "x"}).status_code == 403
    assert viewer.delete(f"tasks/{mine['id']}").status_code == 403


def test_ids_of_another_workspace_are_not_found(
    owner: Caller, outsider: Caller, scene: Scene
) -> None:
    foreign = make_campaign(outsider, "Elsewhere")

    refused = owner.post("tasks", json={"title": "Sneak", "campaign_id": foreign["id"]})

    assert refused.status_code == 404
    assert refused.json()["errors"][0]["loc"] == ["body", "campaign_id"]
    task = new_task(owner, scene)
    assert outsider.get(f"tasks/{task['id']}").status_code == 404
    assert outsider.in_workspace(owner.workspace).get("tasks").status_code == 404


def test_a_scope_of_another_campaign_is_refused(owner: Caller, scene: Scene) -> None:
    other = make_campaign(owner, "Elsewhere")

    refused = owner.post(
        "tasks",
        json={"title": "Mixed", "campaign_id": other["id"], "scope_id": scene.script["id"]},
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "scope_id"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("checklist", [{"text": f"step {n}"} for n in range(201)]),
        ("description", "x" * (100 * 1024 + 1)),
        ("due_at", "2026-02-30"),
        ("priority", "asap"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    owner: Caller, scene: Scene, field: str, value: object
) -> None:
    refused = owner.post("tasks", json={"title": "Bad", field: value})

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"][:2] == ["body", field]


def test_markdown_is_kept_as_written_and_rendered_safely(owner: Caller, scene: Scene) -> None:
    text = "**Hook** <script>alert(1)</script>"

    task = new_task(owner, scene, description=text)

    assert task["description"] == text
    assert "<strong>Hook</strong>" in task["description_html"]
    assert "<script>" not in task["description_html"]


def test_every_write_is_in_the_activity_stream(owner: Caller, scene: Scene) -> None:
    task = new_task(owner, scene)
    owner.patch(f"tasks/{task['id']}", json={"status": "doing"})
    assert owner.delete(f"tasks/{task['id']}").status_code == 204

    verbs = [a["verb"] for a in owner.get("activities", params={"verb": "task.*"}).json()["items"]]

    assert sorted(verbs) == ["task.created", "task.deleted", "task.updated"]


def test_a_page_of_tasks_takes_the_same_statements_for_3_or_30(
    owner: Caller, scene: Scene, connection: Connection
) -> None:
    def statements_for_a_page() -> int:
        seen = count_statements(connection)
        assert owner.get("tasks", params={"limit": 200}).status_code == 200
        return len(seen)

    for n in range(3):
        new_task(owner, scene, title=f"t{n}", owner_member_id=scene.zhou["id"])
    few = statements_for_a_page()
    for n in range(27):
        new_task(owner, scene, title=f"u{n}", owner_member_id=scene.lin["id"])

    assert statements_for_a_page() == few


def test_an_unassigned_owner_shows_in_the_campaigns_health(owner: Caller, scene: Scene) -> None:
    new_task(owner, scene, owner_member_id=scene.zhou["id"])
    new_task(owner, scene, owner_member_id=scene.zhou["id"], title="Second")

    health = owner.get(f"campaigns/{scene.campaign['id']}/health").json()

    found = [f for f in health["findings"] if f["code"] == "task_owner_not_assigned"]
    assert [f["member_ids"] for f in found] == [[scene.zhou["id"]]]
    assert "2 open task(s)" in found[0]["message"]
