"""The campaign page's RACI matrix: cells, their plan, what they refresh, Undo, the picker."""

import re
from dataclasses import dataclass
from typing import Any

from app.core.clock import SettableClock
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created
from tests.web.conftest import Browser


@dataclass(frozen=True)
class Scene:
    """A January campaign with one scope, a person and the seeded role a cell assigns."""

    campaign: dict[str, Any]
    member: dict[str, Any]
    role: dict[str, Any]

    @property
    def scope(self) -> dict[str, Any]:
        scope: dict[str, Any] = self.campaign["scopes"][0]
        return scope


def january(owner: Caller) -> Scene:
    campaign = make_campaign(owner, "Script", starts_on="2027-01-04", ends_on="2027-01-29")
    member = make_member(owner, display_name="Chen Hao")
    return Scene(campaign, member, seeded(owner, "roles", "creator"))


def cell_form(scene: Scene, **fields: str) -> dict[str, str]:
    member, role = scene.member, scene.role
    return {
        "scope_id": scene.scope["id"],
        "scope_name": "Script",
        "member_id": member["id"],
        "member_name": member["display_name"],
        "role_id": role["id"],
        "role_name": role["name"],
        **fields,
    }


def test_a_letter_set_in_a_cell_plans_the_campaigns_dates(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    scene = january(owner)
    campaign = scene.campaign

    answer = web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci"), cell_form(scene, raci="responsible")
    )

    saved = owner.get("assignments", params={"campaign_id": campaign["id"]}).json()["items"][0]
    assert (saved["starts_on"], saved["ends_on"], saved["allocation_percent"]) == (
        "2027-01-04",
        "2027-01-29",
        20,
    )
    assert 'aria-label="Script — Chen Hao, ' in answer.text
    assert ">20%</summary>" in answer.text
    editor = web.get(
        web.page(f"/campaigns/{campaign['id']}/raci/{saved['id']}/plan"),
        params={"scope_name": "Script", "member_name": "Chen Hao", "role_name": "Creator"},
        headers={"HX-Request": "true"},
    )
    assert 'value="2027-01-04"' in editor.text  # the cell's plan editor, fetched when opened
    assert 'value="2027-01-29"' in editor.text


def test_a_change_refreshes_health_and_history_and_offers_undo(web: Browser, owner: Caller) -> None:
    scene = january(owner)
    campaign = scene.campaign

    answer = web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci"), cell_form(scene, raci="accountable")
    )

    assert re.search(r'id="division-panel" hx-swap-oob="true"[^>]*hx-trigger="load"', answer.text)
    assert 'id="history-panel" hx-swap-oob="true"' in answer.text
    assert 'id="toast" hx-swap-oob="true"' in answer.text
    assert "/raci/undo" in answer.text


def test_undo_takes_a_new_letter_back(web: Browser, owner: Caller) -> None:
    scene = january(owner)
    campaign = scene.campaign
    web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci"), cell_form(scene, raci="responsible")
    )
    made = owner.get("assignments", params={"campaign_id": campaign["id"]}).json()["items"][0]

    web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci/undo"),
        cell_form(scene, assignment_id=made["id"], raci=""),
    )

    assert owner.get(f"assignments/{made['id']}").status_code == 404


def test_undo_restores_the_letter_a_cell_had(web: Browser, owner: Caller) -> None:
    scene = january(owner)
    campaign, member, role = scene.campaign, scene.member, scene.role
    made = created(assign(owner, member, role, "consulted", campaign, campaign["scopes"][0]))
    web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci"),
        cell_form(scene, assignment_id=made["id"], raci=""),
    )

    web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci/undo"),
        cell_form(scene, assignment_id=made["id"], raci="consulted", ends_on=""),
    )

    again = owner.get(f"assignments/{made['id']}").json()
    assert (again["status"], again["raci"], again["ends_on"]) == ("active", "consulted", None)


def test_allocation_and_dates_change_in_the_cell(web: Browser, owner: Caller) -> None:
    scene = january(owner)
    campaign, member, role = scene.campaign, scene.member, scene.role
    made = created(assign(owner, member, role, "responsible", campaign, campaign["scopes"][0]))

    answer = web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci/{made['id']}/plan"),
        cell_form(scene, allocation_percent="40", starts_on="2027-01-11", ends_on="2027-01-22"),
    )

    assert answer.status_code == 200
    saved = owner.get(f"assignments/{made['id']}").json()
    assert (saved["allocation_percent"], saved["starts_on"], saved["ends_on"]) == (
        40,
        "2027-01-11",
        "2027-01-22",
    )


def test_a_refused_plan_marks_its_field_and_keeps_what_was_typed(
    web: Browser, owner: Caller
) -> None:
    scene = january(owner)
    campaign, member, role = scene.campaign, scene.member, scene.role
    made = created(assign(owner, member, role, "responsible", campaign, campaign["scopes"][0]))

    answer = web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci/{made['id']}/plan"),
        cell_form(scene, allocation_percent="140", starts_on="2027-01-11", ends_on="2027-01-22"),
    )

    assert answer.status_code == 422
    assert 'value="140"' in answer.text
    assert re.search(r'-allocation_percent-error">Use a number of at most 100\.<', answer.text)
    assert '<details class="cell-plan" open>' in answer.text


def test_add_a_person_searches_members_instead_of_listing_everyone(
    web: Browser, owner: Caller
) -> None:
    campaign = make_campaign(owner, "Script")
    make_member(owner, display_name="Zhou Min")
    make_member(owner, display_name="Lin Yue")

    page = web.get(web.page(f"/campaigns/{campaign['id']}"))
    choices = web.get(
        web.page(f"/campaigns/{campaign['id']}/people"),
        params={"person": "zhou"},
        headers={"HX-Request": "true"},
    )

    assert "Lin Yue" not in page.text
    assert "Zhou Min" not in page.text
    assert "Zhou Min" in choices.text
    assert "Lin Yue" not in choices.text


def test_a_crowded_matrix_shows_people_a_dozen_at_a_time(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, "Script")
    role = seeded(owner, "roles", "creator")
    for n in range(13):
        member = make_member(owner, display_name=f"Person {n:02}")
        assign(owner, member, role, "informed", campaign, campaign["scopes"][0])

    first = web.get(web.page(f"/campaigns/{campaign['id']}"))
    rest = web.get(web.page(f"/campaigns/{campaign['id']}"), params={"column": 12})

    assert first.text.count('class="col-head"') == 12
    assert "People 1–12 of 13" in first.text
    assert "column=12" in first.text
    assert rest.text.count('class="col-head"') == 1
    assert "Person 12" in rest.text


def test_an_archived_campaign_leaves_the_list_and_comes_back(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, "Script")

    archived = web.post(web.page(f"/campaigns/{campaign['id']}/archive"), {"archived": "1"})
    assert "Archived" in web.get(archived.headers["location"]).text  # the flash, and the badge
    hidden = web.get(web.page("/campaigns"))
    shelf = web.get(web.page("/campaigns"), params={"archived": "true"})
    web.post(web.page(f"/campaigns/{campaign['id']}/archive"), {"archived": "0"})

    assert campaign["name"] not in hidden.text
    assert campaign["name"] in shelf.text
    assert campaign["name"] in web.get(web.page("/campaigns")).text


def test_deleting_a_campaign_from_its_page(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, "Script")

    deleted = web.post(web.page(f"/campaigns/{campaign['id']}/delete"))

    assert deleted.headers["location"] == web.page("/campaigns")
    assert owner.get(f"campaigns/{campaign['id']}").status_code == 404


def test_a_plan_refused_for_no_field_of_the_editor_says_why(web: Browser, owner: Caller) -> None:
    scene = january(owner)
    campaign, member, role = scene.campaign, scene.member, scene.role
    made = created(assign(owner, member, role, "responsible", campaign, campaign["scopes"][0]))
    owner.delete(f"assignments/{made['id']}").raise_for_status()  # gone meanwhile

    answer = web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci/{made['id']}/plan"),
        cell_form(scene, allocation_percent="40", starts_on="2027-01-11"),
    )

    assert answer.status_code == 404
    assert re.search(r'class="error" id="[^"]*-error" role="alert">[^<]+<', answer.text)
    assert 'id="toast" hx-swap-oob="true" class="toast" role="alert">' in answer.text


def test_without_js_a_refused_plan_shows_its_editor_with_the_message(
    web: Browser, owner: Caller
) -> None:
    scene = january(owner)
    campaign, member, role = scene.campaign, scene.member, scene.role
    made = created(assign(owner, member, role, "responsible", campaign, campaign["scopes"][0]))

    answer = web.post(
        web.page(f"/campaigns/{campaign['id']}/raci/{made['id']}/plan"),
        cell_form(scene, allocation_percent="40", starts_on="2027-01-20", ends_on="2027-01-11"),
    )

    assert answer.status_code == 422
    assert re.search(r'-ends_on-error">[^<]*ends_on must not be before starts_on', answer.text)
    assert 'value="2027-01-20"' in answer.text
    assert owner.get(f"assignments/{made['id']}").json()["allocation_percent"] != 40
