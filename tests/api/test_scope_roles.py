"""A scope names the roles it needs, and staffing suggests people in those roles (issue 15:
the community manager was suggested as accountable for "Sponsor contract")."""

from typing import Any

from sqlalchemy.orm import Session

from tests.api.division_helpers import day, make_role, make_skill
from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller, created
from tests.test_translations import prefer_chinese


def scope_url(campaign: dict[str, Any], scope: dict[str, Any] | None = None) -> str:
    base = f"campaigns/{campaign['id']}/scopes"
    return f"{base}/{scope['id']}" if scope else base


def test_a_scope_names_its_roles_and_the_campaign_shows_them(owner: Caller) -> None:
    legal, money = make_role(owner, name="Legal"), make_role(owner, name="Money")
    campaign = make_campaign(owner, "Script")
    script = campaign["scopes"][0]

    contract = created(
        owner.post(
            scope_url(campaign),
            json={"name": "Sponsor contract", "role_ids": [money["id"], legal["id"], legal["id"]]},
        )
    )
    etag = owner.get(scope_url(campaign, script)).headers["ETag"]
    changed = owner.patch(
        scope_url(campaign, script), json={"role_ids": [legal["id"]]}, headers={"If-Match": etag}
    )
    shown = owner.get(f"campaigns/{campaign['id']}").json()["scopes"]
    listed = owner.get(scope_url(campaign)).json()["items"]

    assert sorted(contract["role_ids"]) == sorted([money["id"], legal["id"]])
    assert changed.status_code == 200, changed.text
    assert changed.headers["ETag"] != etag
    assert changed.json()["role_ids"] == [legal["id"]]
    by_name = {s["name"]: sorted(s["role_ids"]) for s in shown}
    assert by_name == {"Script": [legal["id"]], "Sponsor contract": sorted(contract["role_ids"])}
    assert {s["name"]: sorted(s["role_ids"]) for s in listed} == by_name


def test_a_campaign_is_created_with_its_scopes_roles(owner: Caller) -> None:
    legal = make_role(owner, name="Legal")

    campaign = make_campaign(owner)
    body = {"name": "Deal", "scopes": [{"name": "Contract", "role_ids": [legal["id"]]}]}
    made = created(owner.post("campaigns", json=body))

    assert campaign["scopes"] == []
    assert made["scopes"][0]["role_ids"] == [legal["id"]]


def test_an_unknown_role_is_refused_on_its_field(owner: Caller, outsider: Caller) -> None:
    campaign = make_campaign(owner)
    foreign = make_role(outsider)

    refused = owner.post(scope_url(campaign), json={"name": "X", "role_ids": [foreign["id"]]})
    nested = owner.post(
        "campaigns", json={"name": "Y", "scopes": [{"name": "Z", "role_ids": [foreign["id"]]}]}
    )

    assert refused.status_code == 404
    assert [e["loc"] for e in refused.json()["errors"]] == [["body", "role_ids", 0]]
    assert foreign["name"] not in refused.text
    assert nested.status_code == 404
    assert [e["loc"] for e in nested.json()["errors"]] == [["body", "scopes", 0, "role_ids", 0]]


def test_staffing_suggests_people_in_the_roles_a_scope_names(owner: Caller) -> None:
    community, deals = make_skill(owner, "community"), make_skill(owner, "deals")
    manager = make_role(owner, (community, 3), name="Community manager")
    planner = make_role(owner, (deals, 3), name="Partnership planner")
    campaign = make_campaign(
        owner,
        status="active",
        starts_on=day(0),
        ends_on=day(27),
        required_role_ids=[manager["id"], planner["id"]],
    )
    created(
        owner.post(
            scope_url(campaign), json={"name": "Sponsor contract", "role_ids": [planner["id"]]}
        )
    )
    make_member(owner, display_name="Cai", skills=[{"skill_id": community["id"], "level": 5}])
    make_member(owner, display_name="Dong", skills=[{"skill_id": deals["id"], "level": 3}])

    body = owner.get(f"campaigns/{campaign['id']}/staffing-suggestions").json()

    contract = [s for s in body["slots"] if s["slot"]["scope_name"] == "Sponsor contract"]
    assert [s["slot"]["kind"] for s in contract] == [
        "accountable_for_scope",
        "responsible_for_scope",
    ]
    for slot in contract:
        assert slot["slot"]["role_id"] == planner["id"]
        assert {c["role_id"] for c in slot["candidates"]} == {planner["id"]}
        assert slot["candidates"][0]["display_name"] == "Dong"


def test_a_candidates_reason_counts_in_the_singular_and_in_chinese(
    owner: Caller, session: Session
) -> None:
    role = make_role(owner, name="Helper")
    campaign = make_campaign(owner, "Script", status="active", starts_on=day(0), ends_on=day(27))
    other = make_campaign(owner, "Edit", status="active", starts_on=day(0), ends_on=day(27))
    lin = make_member(owner, display_name="Lin")
    for raci, where in (("responsible", campaign), ("accountable", other)):
        body = {
            "member_id": lin["id"],
            "role_id": role["id"],
            "campaign_id": where["id"],
            "scope_id": where["scopes"][0]["id"],
            "raci": raci,
        }
        created(owner.post("assignments", json=body))
    url = f"campaigns/{campaign['id']}/staffing-suggestions"

    english = owner.get(url, params={"candidates": 50}).json()
    prefer_chinese(session, owner)
    chinese = owner.get(url, params={"candidates": 50}).json()

    def reason(body: dict[str, Any]) -> str:
        slot = next(s for s in body["slots"] if s["slot"]["kind"] == "accountable_for_scope")
        found: str = next(c["reason"] for c in slot["candidates"] if c["display_name"] == "Lin")
        return found

    assert "already on this campaign (1 assignment)" in reason(english)
    assert "accountable for 1 other assignment" in reason(english)
    assert "assignments" not in reason(english)
    assert "已参与该项目（1 项分工）" in reason(chinese)
