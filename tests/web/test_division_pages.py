"""Issue 5 on the pages: findings next to the matrix, heatmap, skills, one-click staffing."""

import re

from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created
from tests.web.conftest import Browser


def test_campaign_panel_shows_findings_and_assigns_a_suggestion_in_one_click(
    web: Browser, owner: Caller
) -> None:
    creator = seeded(owner, "roles", "creator")
    campaign = make_campaign(owner, "Script", required_role_ids=[creator["id"]], status="active")
    skill = seeded(owner, "skills", "creativity")
    chen = make_member(
        owner, display_name="Chen Creator", skills=[{"skill_id": skill["id"], "level": 5}]
    )

    panel = web.get(
        web.page(f"/campaigns/{campaign['id']}/division"), headers={"HX-Request": "true"}
    )

    assert panel.status_code == 200
    assert "Nobody is accountable" in panel.text
    assert "Assign Chen Creator" in panel.text
    form = panel.text.split("Assign Chen Creator")[0].rsplit("<form", 1)[1]
    fields = dict(re.findall(r'name="(kind|scope_id|role_id|member_id)" value="([^"]*)"', form))
    applied = web.post(web.page(f"/campaigns/{campaign['id']}/staffing/apply"), fields)
    assert applied.status_code == 303
    held = owner.get(
        "assignments", params={"campaign_id": campaign["id"], "member_id": chen["id"]}
    ).json()["items"]
    assert [a["raci"] for a in held] == ["responsible"]


def test_health_page_lists_workspace_and_campaign_findings(web: Browser, owner: Caller) -> None:
    make_member(owner, display_name="Idle Iris")
    make_campaign(owner, "Script", status="active")

    page = web.get(web.page("/health"))
    idle = web.get(web.page("/health/findings?code=idle_member"), headers={"HX-Request": "true"})

    assert page.status_code == 200
    assert "Across the workspace" in page.text
    assert "Nobody accountable" in page.text
    assert "Idle Iris has no active assignment." in idle.text


def test_heatmap_cell_opens_the_weeks_assignments(web: Browser, owner: Caller) -> None:
    member = make_member(owner, display_name="Busy Bo")
    campaign = make_campaign(owner, "Script")
    creator, financing = (seeded(owner, "roles", key) for key in ("creator", "financing"))
    created(
        assign(
            owner,
            member,
            creator,
            "responsible",
            campaign,
            campaign["scopes"][0],
            allocation_percent=100,
        )
    )
    created(assign(owner, member, financing, "informed", allocation_percent=30))

    heatmap = web.get(web.page("/workload"))
    cell = web.get(
        web.page(
            f"/members/{member['id']}/workload?week="
            + heatmap.text.split("?week=")[1].split('"')[0]
        ),
        headers={"HX-Request": "true"},
    )

    assert "Busy Bo" in heatmap.text
    assert "load-over" in heatmap.text
    assert "Over capacity" in cell.text
    assert "<html" not in cell.text


def test_skills_page_shows_matrix_and_gaps(web: Browser, owner: Caller) -> None:
    legal = seeded(owner, "roles", "legal_affairs")
    weak = make_member(owner, display_name="Junior Jia")
    campaign = make_campaign(owner, "Contract", status="active")
    created(assign(owner, weak, legal, "responsible", campaign, campaign["scopes"][0]))

    page = web.get(web.page("/skills"))

    assert page.status_code == 200
    assert "Junior Jia" in page.text
    assert "Legal affairs" in page.text
