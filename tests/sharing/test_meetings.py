"""Meetings: an agenda in order (insert, move), live notes, planned → in_progress → closed,
outcomes (information, decisions, actions with an owner and a due date that become tasks
and are carried to the series' next meeting until done), and the searchable decision log."""

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from app.core.permissions import WorkspaceContext
from app.meetings import actions
from app.models.enums import Access
from tests.api.helpers import make_campaign
from tests.factories import Caller, created, join
from tests.sharing.helpers import comment, inbox

MONDAY_10 = "2026-11-30T10:00:00+08:00"


def plan(owner: Caller, **fields: Any) -> dict[str, Any]:
    body = {"title": "Weekly sync", "starts_at": MONDAY_10, **fields}
    return created(owner.post("meetings", json=body))


def add_item(owner: Caller, meeting: dict[str, Any], title: str, **fields: Any) -> dict[str, Any]:
    return created(
        owner.post(f"meetings/{meeting['id']}/agenda-items", json={"title": title, **fields})
    )


def outcome(owner: Caller, meeting: dict[str, Any], **fields: Any) -> httpx.Response:
    return owner.post(f"meetings/{meeting['id']}/outcomes", json=fields)


def agenda_titles(owner: Caller, meeting: dict[str, Any]) -> list[str]:
    return [item["title"] for item in owner.get(f"meetings/{meeting['id']}").json()["agenda"]]


def test_agenda_items_insert_and_move_keeping_a_dense_order(owner: Caller) -> None:
    meeting = plan(owner)
    add_item(owner, meeting, "Numbers")
    last = add_item(owner, meeting, "Next week")
    add_item(owner, meeting, "Welcome", position=0)

    owner.patch(f"meetings/{meeting['id']}/agenda-items/{last['id']}", json={"position": 1})

    items = owner.get(f"meetings/{meeting['id']}").json()["agenda"]
    assert [i["title"] for i in items] == ["Welcome", "Next week", "Numbers"]
    assert [i["position"] for i in items] == [0, 1, 2]


def test_removing_an_item_closes_the_gap(owner: Caller) -> None:
    meeting = plan(owner)
    first = add_item(owner, meeting, "One")
    add_item(owner, meeting, "Two")

    owner.delete(f"meetings/{meeting['id']}/agenda-items/{first['id']}")

    (item,) = owner.get(f"meetings/{meeting['id']}").json()["agenda"]
    assert (item["title"], item["position"]) == ("Two", 0)


def test_a_meeting_runs_from_planned_to_closed_and_not_back(owner: Caller) -> None:
    meeting = plan(owner)
    url = f"meetings/{meeting['id']}"

    started = owner.patch(url, json={"state": "in_progress", "notes": "**Live** notes"}).json()
    closed = owner.patch(url, json={"state": "closed"}).json()
    reopened = owner.patch(url, json={"state": "in_progress"})

    assert started["notes_html"] == "<p><strong>Live</strong> notes</p>\n"
    assert (started["state"], closed["state"]) == ("in_progress", "closed")
    assert reopened.status_code == 409


def test_an_action_needs_an_owner_and_a_due_date(owner: Caller) -> None:
    meeting = plan(owner)

    missing = outcome(owner, meeting, kind="action", text="Film the intro")
    decision_with_owner = outcome(
        owner, meeting, kind="decision", text="x", owner_member_id=str(owner.member_id)
    )

    assert (missing.status_code, decision_with_owner.status_code) == (422, 422)


@pytest.fixture
def task_maker() -> Iterator[list[actions.ActionTask]]:
    """Stands in for the tasks feature: records each action and answers a task id."""
    made: list[actions.ActionTask] = []

    def make(session: Session, *, ctx: WorkspaceContext, action: actions.ActionTask) -> uuid.UUID:
        made.append(action)
        return uuid.uuid5(uuid.NAMESPACE_URL, str(action.outcome_id))

    previous = actions.register_task_maker(make)
    yield made
    actions.register_task_maker(previous)


def test_an_action_becomes_a_task_of_its_owner_on_the_meetings_campaign(
    owner: Caller, session: Session, task_maker: list[actions.ActionTask]
) -> None:
    member = join(session, owner, Access.editor)
    campaign = make_campaign(owner)
    meeting = plan(owner, campaign_id=campaign["id"])

    action = created(
        outcome(
            owner,
            meeting,
            kind="action",
            text="Film the intro",
            owner_member_id=str(member.member_id),
            due_on="2026-12-04",
        )
    )

    (made,) = task_maker
    assert (made.owner_member_id, made.campaign_id) == (member.member_id, uuid.UUID(campaign["id"]))
    assert (made.title, str(made.due_on)) == ("Film the intro", "2026-12-04")
    assert action["task_id"] == str(uuid.uuid5(uuid.NAMESPACE_URL, action["id"]))
    (notification,) = inbox(member)
    assert (notification["kind"], notification["subject_id"]) == ("action_assigned", action["id"])


def test_an_action_becomes_a_real_task_through_the_tasks_service(owner: Caller) -> None:
    campaign = make_campaign(owner)
    action = created(
        outcome(
            owner,
            plan(owner, campaign_id=campaign["id"]),
            kind="action",
            text="Call the sponsor",
            owner_member_id=str(owner.member_id),
            due_on="2026-12-04",
        )
    )

    task = owner.get(f"tasks/{action['task_id']}").json()
    assert (task["title"], task["owner_member_id"]) == ("Call the sponsor", str(owner.member_id))
    assert task["campaign_id"] == campaign["id"]
    assert "Weekly sync" in task["description"]


def test_closing_a_series_meeting_plans_the_next_with_open_actions_carried(owner: Caller) -> None:
    member = created(owner.post("members", json={"display_name": "Lin"}))
    meeting = plan(owner, rrule="FREQ=WEEKLY;BYDAY=MO", attendees=[{"member_id": member["id"]}])
    action = {"kind": "action", "owner_member_id": member["id"], "due_on": "2026-12-04"}
    open_action = created(outcome(owner, meeting, text="Open one", **action))
    done_action = created(outcome(owner, meeting, text="Done one", **action))
    created(outcome(owner, meeting, kind="decision", text="Tuesdays"))
    owner.patch(f"meetings/{meeting['id']}/outcomes/{done_action['id']}", json={"done": True})

    closed = owner.patch(f"meetings/{meeting['id']}", json={"state": "closed"}).json()
    following = owner.get(f"meetings/{closed['next_meeting_id']}").json()

    assert following["starts_at"] == "2026-12-07T02:00:00Z"
    assert following["series_id"] == meeting["series_id"] == meeting["id"]
    assert [a["member_id"] for a in following["attendees"]] == [member["id"]]
    (carried,) = following["outcomes"]
    assert (carried["text"], carried["carried_from_id"]) == ("Open one", open_action["id"])


def test_the_decision_log_is_per_campaign_and_searchable(owner: Caller) -> None:
    campaign = make_campaign(owner)
    ours = plan(owner, campaign_id=campaign["id"])
    other = plan(owner)
    created(outcome(owner, ours, kind="decision", text="Publish on Tuesdays"))
    created(outcome(owner, ours, kind="decision", text="Hire an editor"))
    created(outcome(owner, ours, kind="information", text="Tuesdays are busy"))
    created(outcome(owner, other, kind="decision", text="Tuesdays off"))

    found = owner.get("decisions", params={"campaign_id": campaign["id"], "q": "tuesday"})

    (decision,) = found.json()["items"]
    assert (decision["text"], decision["meeting_title"]) == ("Publish on Tuesdays", "Weekly sync")
    assert len(owner.get("decisions").json()["items"]) == 3
    assert owner.get("decisions", params={"q": "100%_"}).json()["items"] == []


def test_viewers_read_and_comment_but_only_editors_run_meetings(
    owner: Caller, session: Session
) -> None:
    viewer = join(session, owner, Access.viewer)
    meeting = plan(owner)

    assert viewer.get(f"meetings/{meeting['id']}").status_code == 200
    assert comment(viewer, ("meeting", meeting["id"]), "Can we add an item?").status_code == 201
    assert viewer.patch(f"meetings/{meeting['id']}", json={"title": "x"}).status_code == 403
    assert (
        viewer.post(f"meetings/{meeting['id']}/agenda-items", json={"title": "x"}).status_code
        == 403
    )


def test_foreign_references_are_not_found(owner: Caller, outsider: Caller) -> None:
    theirs = plan(outsider)
    meeting = plan(owner)

    assert owner.get(f"meetings/{theirs['id']}").status_code == 404
    assert plan_response(owner, campaign_id=make_campaign(outsider)["id"]).status_code == 404
    item = add_item(outsider, theirs, "Theirs")
    url = f"meetings/{meeting['id']}/agenda-items/{item['id']}"
    assert owner.patch(url, json={"title": "x"}).status_code == 404


def plan_response(owner: Caller, **fields: Any) -> httpx.Response:
    return owner.post("meetings", json={"title": "x", "starts_at": MONDAY_10, **fields})
