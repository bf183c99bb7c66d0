"""A contract's sign-off scope: the Legal role is its default accountable (on the campaign,
else in the workspace), through the assignment service; a person's choice stays; nobody
holding Legal is a health finding. Both languages."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created, make_workspace_owner
from tests.money.test_contracts import make_contract


def legal(caller: Caller) -> dict[str, Any]:
    return seeded(caller, "roles", "legal_affairs")


def accountables(caller: Caller, scope_id: str) -> list[dict[str, Any]]:
    params = {"scope_id": scope_id, "raci": "accountable", "status": "active"}
    items: list[dict[str, Any]] = caller.get("assignments", params=params).json()["items"]
    return items


def scope_of(caller: Caller, contract: dict[str, Any]) -> dict[str, Any]:
    scopes = caller.get(f"campaigns/{contract['campaign_id']}/scopes").json()["items"]
    return next(s for s in scopes if s["id"] == contract["signoff_scope_id"])


def signoff_findings(caller: Caller) -> list[dict[str, Any]]:
    findings = caller.get("contracts/health").json()["findings"]
    return [f for f in findings if f["code"] == "contract_signoff_unassigned"]


def test_the_legal_role_on_the_campaign_is_accountable_for_the_sign_off(owner: Caller) -> None:
    campaign = make_campaign(owner)
    standing, on_campaign = make_member(owner), make_member(owner)
    assert assign(owner, standing, legal(owner), "accountable").status_code == 201
    assert assign(owner, on_campaign, legal(owner), "responsible", campaign).status_code == 201

    contract = make_contract(owner, title="Venue hire", campaign_id=campaign["id"])

    scope = scope_of(owner, contract)
    assert scope["name"] == "Contract sign-off: Venue hire"
    assert scope["role_ids"] == [legal(owner)["id"]]
    [chosen] = accountables(owner, scope["id"])
    assert chosen["member_id"] == on_campaign["id"]
    assert (chosen["role_id"], chosen["campaign_id"]) == (legal(owner)["id"], campaign["id"])
    assert chosen["allocation_percent"] == 0
    [entry] = owner.get("assignment-history", params={"assignment_id": chosen["id"]}).json()[
        "items"
    ]
    assert entry["reason_code"] == "contract_signoff_default"
    assert "Venue hire" in entry["reason"]
    assert signoff_findings(owner) == []


def test_without_anyone_on_the_campaign_the_workspace_legal_role_signs_off(owner: Caller) -> None:
    standing = make_member(owner)
    assert assign(owner, standing, legal(owner), "accountable").status_code == 201
    contract = make_contract(owner)  # no campaign: no scope yet
    assert contract["signoff_scope_id"] is None

    campaign = make_campaign(owner)
    linked = owner.patch(f"contracts/{contract['id']}", json={"campaign_id": campaign["id"]})

    assert linked.status_code == 200, linked.text
    scope_id = linked.json()["signoff_scope_id"]
    assert [a["member_id"] for a in accountables(owner, scope_id)] == [standing["id"]]


def test_a_person_s_choice_stays(owner: Caller) -> None:
    campaign = make_campaign(owner)
    counsel, producer = make_member(owner), make_member(owner)
    assign(owner, counsel, legal(owner), "accountable")
    contract = make_contract(owner, campaign_id=campaign["id"])
    [default] = accountables(owner, contract["signoff_scope_id"])
    ended = owner.patch(f"assignments/{default['id']}", json={"status": "ended"})
    assert ended.status_code == 200, ended.text
    scope = scope_of(owner, contract)
    role = seeded(owner, "roles", "project_planner")
    assert assign(owner, producer, role, "accountable", campaign, scope).status_code == 201

    owner.patch(f"contracts/{contract['id']}", json={"notes": "Second draft"})

    assert [a["member_id"] for a in accountables(owner, scope["id"])] == [producer["id"]]


def test_the_default_arrives_once_someone_holds_legal(owner: Caller) -> None:
    campaign = make_campaign(owner)
    contract = make_contract(owner, campaign_id=campaign["id"])
    assert accountables(owner, contract["signoff_scope_id"]) == []
    counsel = make_member(owner)
    assign(owner, counsel, legal(owner), "accountable")

    owner.patch(f"contracts/{contract['id']}", json={"notes": "Counsel hired"})

    [now] = accountables(owner, contract["signoff_scope_id"])
    assert now["member_id"] == counsel["id"]
    assert signoff_findings(owner) == []


def test_nobody_holding_legal_is_a_finding_until_someone_signs_off(owner: Caller) -> None:
    campaign = make_campaign(owner)
    contract = make_contract(owner, title="Stage rights", campaign_id=campaign["id"])

    [finding] = signoff_findings(owner)
    assert finding["contract_id"] == contract["id"]
    assert finding["severity"] == "warning"
    assert finding["message"].startswith("Nobody holds the Legal role")
    assert "“Stage rights”" in finding["message"]
    assert owner.patch("/api/v1/users/me", json={"locale": "zh-CN"}).status_code == 200
    [zh] = signoff_findings(owner)
    assert zh["message"].startswith("没有人担任法律事务角色")

    scope = scope_of(owner, contract)
    member = make_member(owner)
    role = seeded(owner, "roles", "project_planner")
    assert assign(owner, member, role, "accountable", campaign, scope).status_code == 201
    assert signoff_findings(owner) == []


def test_an_ended_accountable_with_legal_held_asks_for_a_choice(owner: Caller) -> None:
    campaign = make_campaign(owner)
    assign(owner, make_member(owner), legal(owner), "accountable")
    contract = make_contract(owner, campaign_id=campaign["id"])
    [default] = accountables(owner, contract["signoff_scope_id"])
    owner.patch(f"assignments/{default['id']}", json={"status": "ended"})

    [finding] = signoff_findings(owner)
    assert finding["message"].startswith("Nobody is accountable for signing")
    signed = owner.patch(f"contracts/{contract['id']}", json={"status": "signed"})
    assert signed.status_code == 200
    assert signoff_findings(owner) == []


def test_a_second_contract_of_the_same_title_gets_its_own_scope(owner: Caller) -> None:
    campaign = make_campaign(owner)
    first = make_contract(owner, title="NDA", campaign_id=campaign["id"])
    second = make_contract(owner, title="NDA", campaign_id=campaign["id"])

    assert scope_of(owner, first)["name"] == "Contract sign-off: NDA"
    assert scope_of(owner, second)["name"] == "Contract sign-off: NDA (2)"


def test_a_chinese_workspace_names_the_scope_in_chinese(
    client: TestClient, session: Session
) -> None:
    owner = make_workspace_owner(client, session, locale="zh-CN")
    role = legal(owner)
    assert role["name"] == "法律事务"
    counsel = make_member(owner)
    assign(owner, counsel, role, "accountable")
    campaign = created(owner.post("campaigns", json={"name": "夏季巡演"}))

    contract = make_contract(owner, title="场地租赁", campaign_id=campaign["id"])

    assert scope_of(owner, contract)["name"] == "合同签署：场地租赁"
    assert [a["member_id"] for a in accountables(owner, contract["signoff_scope_id"])] == [
        counsel["id"]
    ]


def responsibles(caller: Caller, scope_id: str) -> list[dict[str, Any]]:
    params = {"scope_id": scope_id, "raci": "responsible", "status": "active"}
    items: list[dict[str, Any]] = caller.get("assignments", params=params).json()["items"]
    return items


def test_the_contract_owner_is_responsible_for_getting_it_signed_in_their_role(
    owner: Caller,
) -> None:
    campaign = make_campaign(owner)
    planner = make_member(owner)
    partnerships = seeded(owner, "roles", "business_partnership")
    assert assign(owner, planner, partnerships, "responsible", campaign).status_code == 201

    contract = make_contract(owner, campaign_id=campaign["id"], owner_member_id=planner["id"])

    [responsible] = responsibles(owner, contract["signoff_scope_id"])
    assert (responsible["member_id"], responsible["role_id"]) == (planner["id"], partnerships["id"])
    assert responsible["allocation_percent"] == 0
    [entry] = owner.get("assignment-history", params={"assignment_id": responsible["id"]}).json()[
        "items"
    ]
    assert entry["reason_code"] == "contract_signoff_owner"


def test_an_owner_without_a_role_is_not_made_responsible(owner: Caller) -> None:
    campaign = make_campaign(owner)
    outsider = make_member(owner)

    contract = make_contract(owner, campaign_id=campaign["id"], owner_member_id=outsider["id"])

    assert responsibles(owner, contract["signoff_scope_id"]) == []
