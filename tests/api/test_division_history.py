"""Every change of an assignment is in its history: who, when, before → after, and why."""

from typing import Any

from sqlalchemy.orm import Session

from app.models.enums import Access
from tests.api.division_helpers import day, make_role, make_scene
from tests.api.helpers import assign, make_campaign, make_member
from tests.factories import Caller, created, join


def history(caller: Caller, **params: Any) -> list[dict[str, Any]]:
    response = caller.get("assignment-history", params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_create_update_end_and_delete_are_recorded_with_before_after_and_reason(
    owner: Caller,
) -> None:
    role = make_role(owner)
    campaign = make_campaign(owner, "Script")
    lin, zhou = make_member(owner, display_name="Lin"), make_member(owner, display_name="Zhou")
    body = created(
        assign(
            owner,
            lin,
            role,
            "responsible",
            campaign,
            campaign["scopes"][0],
            allocation_percent=30,
            starts_on=day(-10),
            reason="Lin knows the script",
        )
    )
    path = f"assignments/{body['id']}"
    owner.patch(
        path, json={"member_id": zhou["id"], "allocation_percent": 50, "reason": "Handover"}
    )
    owner.patch(path, json={"note": "same"})
    owner.patch(path, json={"note": "same"})  # no change: no entry
    owner.patch(path, json={"status": "ended", "reason": "Script done"})
    owner.delete(path, params={"reason": "Entered by mistake"})

    entries = history(owner, assignment_id=body["id"], order="oldest")

    assert [e["action"] for e in entries] == ["created", "updated", "updated", "ended", "deleted"]
    created_entry, handover, _note, ended, deleted = entries
    assert (created_entry["reason"], created_entry["before"]) == ("Lin knows the script", None)
    assert created_entry["after"]["member_name"] == "Lin"
    assert created_entry["after"]["scope_name"] == "Script"
    assert handover["changed_fields"] == ["member_id", "allocation_percent"]
    assert (handover["before"]["member_name"], handover["after"]["member_name"]) == ("Lin", "Zhou")
    assert (handover["before"]["allocation_percent"], handover["after"]["allocation_percent"]) == (
        30,
        50,
    )
    assert (handover["member_id"], handover["previous_member_id"]) == (zhou["id"], lin["id"])
    assert handover["reason"] == "Handover"
    assert ended["changed_fields"] == ["ends_on", "status"]
    assert ended["after"]["status"] == "ended"
    assert (deleted["after"], deleted["reason"]) == (None, "Entered by mistake")
    assert deleted["before"]["status"] == "ended"
    assert all(e["actor_member_id"] == str(owner.member_id) for e in entries)
    assert all(e["actor_name"] for e in entries)
    newest_first = history(owner, assignment_id=body["id"])
    assert [e["id"] for e in newest_first] == [e["id"] for e in reversed(entries)]


def test_history_per_campaign_and_member_pages_as_a_timeline(owner: Caller) -> None:
    scene = make_scene(owner)
    other = make_campaign(owner, "Other")
    created(assign(owner, scene.lin, scene.role, "informed", other, other["scopes"][0]))
    for allocation in range(1, 6):
        owner.patch(
            f"assignments/{scene.responsible['id']}", json={"allocation_percent": allocation}
        )

    campaign_entries = history(owner, campaign_id=scene.campaign["id"])
    lin_entries = history(owner, member_id=scene.lin["id"])

    assert len(campaign_entries) == 7
    assert {e["campaign_id"] for e in campaign_entries} == {scene.campaign["id"]}
    assert len(lin_entries) == 2
    first = owner.get("assignment-history", params={"limit": 3}).json()
    second = owner.get(
        "assignment-history", params={"limit": 3, "cursor": first["next_cursor"]}
    ).json()
    everything = history(owner, limit=200)
    assert [e["id"] for e in first["items"] + second["items"]] == [e["id"] for e in everything[:6]]
    times = [e["changed_at"] for e in everything]
    assert times == sorted(times, reverse=True)
    assert owner.get("assignment-history", params={"cursor": "nonsense"}).status_code == 400


def test_history_of_another_workspace_is_not_found(
    owner: Caller, outsider: Caller, session: Session
) -> None:
    scene = make_scene(owner)
    viewer = join(session, owner, Access.viewer, write=False)

    assert len(history(viewer, campaign_id=scene.campaign["id"])) == 2
    for params in (
        {"campaign_id": scene.campaign["id"]},
        {"member_id": scene.lin["id"]},
        {"assignment_id": scene.accountable["id"]},
    ):
        assert outsider.get("assignment-history", params=params).status_code == 404, params
    owner.delete(f"assignments/{scene.accountable['id']}")
    assert len(history(owner, assignment_id=scene.accountable["id"])) == 2


def test_a_refused_change_leaves_no_history(owner: Caller) -> None:
    scene = make_scene(owner)
    before = history(owner)

    refused = assign(owner, scene.zhou, scene.role, "accountable", scene.campaign, scene.scope)

    assert refused.status_code == 409
    assert history(owner) == before
