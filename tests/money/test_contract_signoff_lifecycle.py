"""A contract's sign-off scope follows the contract: deleting or moving the contract removes it
(with its assignments, through the scope service: history and activity), a scope a person
deleted is not made again, a contract without one raises no finding, the finding counts only
active members holding today, and a long title cut on a space still names a second scope."""

from typing import Any

from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created
from tests.money.test_contract_signoff import accountables, legal, scope_of, signoff_findings
from tests.money.test_contracts import TERMS, make_contract


def scope_ids(caller: Caller, campaign: dict[str, Any]) -> list[str]:
    return [s["id"] for s in caller.get(f"campaigns/{campaign['id']}/scopes").json()["items"]]


def deleted_with_scope(caller: Caller, assignment_id: str) -> list[str]:
    params = {"assignment_id": assignment_id}
    entries = caller.get("assignment-history", params=params).json()["items"]
    return [e["reason_code"] for e in entries]


def test_deleting_a_contract_deletes_its_sign_off_scope_and_assignments(owner: Caller) -> None:
    campaign = make_campaign(owner)
    assign(owner, make_member(owner), legal(owner), "accountable")
    contract = make_contract(owner, title="Venue hire", campaign_id=campaign["id"])
    [default] = accountables(owner, contract["signoff_scope_id"])
    etag = owner.get(f"contracts/{contract['id']}").headers["etag"]

    gone = owner.delete(f"contracts/{contract['id']}", headers={"If-Match": etag})

    assert gone.status_code == 204, gone.text
    assert contract["signoff_scope_id"] not in scope_ids(owner, campaign)
    assert "scope_deleted" in deleted_with_scope(owner, default["id"])
    verbs = owner.get("activities", params={"verb": "scope.deleted"}).json()["items"]
    assert [a["subject_id"] for a in verbs] == [contract["signoff_scope_id"]]


def test_moving_a_contract_moves_its_sign_off_scope(owner: Caller) -> None:
    first, second = make_campaign(owner), make_campaign(owner)
    assign(owner, make_member(owner), legal(owner), "accountable")
    contract = make_contract(owner, title="Venue hire", campaign_id=first["id"])
    [default] = accountables(owner, contract["signoff_scope_id"])

    moved = owner.patch(f"contracts/{contract['id']}", json={"campaign_id": second["id"]})

    assert moved.status_code == 200, moved.text
    assert scope_ids(owner, first) == []
    assert "scope_deleted" in deleted_with_scope(owner, default["id"])
    new = moved.json()
    assert scope_ids(owner, second) == [new["signoff_scope_id"]]
    assert scope_of(owner, new)["name"] == "Contract sign-off: Venue hire"
    [now] = accountables(owner, new["signoff_scope_id"])
    assert now["campaign_id"] == second["id"]


def test_a_deleted_sign_off_scope_is_not_made_again_and_raises_nothing(owner: Caller) -> None:
    campaign = make_campaign(owner)
    contract = make_contract(owner, campaign_id=campaign["id"])
    assert len(signoff_findings(owner)) == 1
    scope = contract["signoff_scope_id"]
    assert owner.delete(f"campaigns/{campaign['id']}/scopes/{scope}").status_code == 204

    patched = owner.patch(f"contracts/{contract['id']}", json={"notes": "Second draft"})

    assert patched.status_code == 200, patched.text
    assert patched.json()["signoff_scope_id"] is None
    assert scope_ids(owner, campaign) == []
    assert signoff_findings(owner) == []


def test_legal_held_by_an_inactive_member_does_not_count(owner: Caller) -> None:
    counsel = make_member(owner)
    assign(owner, counsel, legal(owner), "accountable")
    left = owner.patch(f"members/{counsel['id']}", json={"status": "inactive"})
    assert left.status_code == 200, left.text
    contract = make_contract(owner, title="Stage rights", campaign_id=make_campaign(owner)["id"])

    assert accountables(owner, contract["signoff_scope_id"]) == []
    [finding] = signoff_findings(owner)
    assert finding["message"].startswith("Nobody holds the Legal role")


def test_an_inactive_or_not_yet_started_accountable_does_not_sign_off(owner: Caller) -> None:
    campaign = make_campaign(owner)
    contract = make_contract(owner, campaign_id=campaign["id"])
    scope = scope_of(owner, contract)
    role = seeded(owner, "roles", "project_planner")
    later = created(
        assign(
            owner, make_member(owner), role, "accountable", campaign, scope, starts_on="2099-01-01"
        )
    )
    assert len(signoff_findings(owner)) == 1

    owner.patch(f"assignments/{later['id']}", json={"status": "ended"})
    gone = make_member(owner)
    assert assign(owner, gone, role, "accountable", campaign, scope).status_code == 201
    assert signoff_findings(owner) == []
    assert owner.patch(f"members/{gone['id']}", json={"status": "inactive"}).status_code == 200

    assert len(signoff_findings(owner)) == 1


def test_a_long_title_cut_on_a_space_still_names_a_second_scope(owner: Caller) -> None:
    campaign = make_campaign(owner)
    title = "a" * 180 + " " + "b" * 19  # "Contract sign-off: " + 180 letters: the cut ends on " "
    first = make_contract(owner, title=title, campaign_id=campaign["id"])
    second = owner.post("contracts", json={**TERMS, "title": title, "campaign_id": campaign["id"]})

    assert second.status_code == 201, second.text
    assert scope_of(owner, first)["name"] == "Contract sign-off: " + "a" * 180
    assert scope_of(owner, second.json())["name"].endswith("a (2)")
