"""The campaign page lets a lead say which roles a scope needs, and the suggestions panel
then proposes people in those roles (issue 15)."""

from tests.api.division_helpers import day, make_role, make_skill
from tests.api.helpers import assign, make_campaign, make_member
from tests.factories import Caller
from tests.web.conftest import Browser


def test_a_scope_added_with_its_roles_shows_them_in_the_matrix(web: Browser, owner: Caller) -> None:
    legal, money = make_role(owner, name="Legal eagle"), make_role(owner, name="Money minder")
    campaign = make_campaign(owner, "Script")
    assign(owner, make_member(owner), legal, "informed", campaign)  # a column: rows show
    page = web.page(f"/campaigns/{campaign['id']}")

    added = web.post(
        f"{page}/scopes", {"name": "Sponsor contract", "role_ids": [legal["id"], money["id"]]}
    )
    script = campaign["scopes"][0]["id"]
    saved = web.post(f"{page}/scopes/{script}/roles", {"role_ids": [money["id"]]})
    shown = web.get(page).text

    assert added.status_code == saved.status_code == 303
    scopes = {
        s["name"]: s["role_ids"] for s in owner.get(f"campaigns/{campaign['id']}").json()["scopes"]
    }
    assert sorted(scopes["Sponsor contract"]) == sorted([legal["id"], money["id"]])
    assert scopes["Script"] == [money["id"]]
    rows = {
        head.split("<", 1)[0].strip(): head
        for head in (part.split("</th>", 1)[0] for part in shown.split('<th scope="row">')[1:])
    }
    assert "needs Money minder" in rows["Script"]
    assert "Legal eagle" in rows["Sponsor contract"]
    assert "Money minder" in rows["Sponsor contract"]
    assert "Saved the roles Script needs." in shown


def test_clearing_a_scopes_roles_and_a_foreign_role_is_refused(
    web: Browser, owner: Caller, outsider: Caller
) -> None:
    legal = make_role(owner, name="Legal eagle")
    campaign = make_campaign(owner, "Script")
    page = web.page(f"/campaigns/{campaign['id']}")
    script = campaign["scopes"][0]["id"]
    web.post(f"{page}/scopes/{script}/roles", {"role_ids": [legal["id"]]})

    cleared = web.post(f"{page}/scopes/{script}/roles", {})
    foreign = web.post(f"{page}/scopes/{script}/roles", {"role_ids": [make_role(outsider)["id"]]})

    assert cleared.status_code == foreign.status_code == 303
    assert owner.get(f"campaigns/{campaign['id']}").json()["scopes"][0]["role_ids"] == []
    assert "Role not found." in web.get(page).text


def test_the_panel_suggests_the_scopes_role(web: Browser, owner: Caller) -> None:
    community, deals = make_skill(owner, "community"), make_skill(owner, "deals")
    manager = make_role(owner, (community, 3), name="Community manager")
    planner = make_role(owner, (deals, 3), name="Partnership planner")
    campaign = make_campaign(
        owner,
        "Sponsor contract",
        status="active",
        starts_on=day(0),
        ends_on=day(27),
        required_role_ids=[manager["id"], planner["id"]],
    )
    make_member(owner, display_name="Cai", skills=[{"skill_id": community["id"], "level": 5}])
    make_member(owner, display_name="Dong", skills=[{"skill_id": deals["id"], "level": 3}])
    page = web.page(f"/campaigns/{campaign['id']}")
    web.post(f"{page}/scopes/{campaign['scopes'][0]['id']}/roles", {"role_ids": [planner["id"]]})

    panel = web.get(f"{page}/division", headers={"HX-Request": "true"}).text

    slot = panel.split("<h3>accountable for “Sponsor contract”</h3>", 1)[1].split("</article>", 1)[
        0
    ]
    assert "as Partnership planner" in slot
    assert "as Community manager" not in slot
    assert "Dong" in slot
