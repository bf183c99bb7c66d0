"""Pages with a member field search for the member (issue 9): the work plan pages and a
meeting's page make the same few API calls for a team of thirty as for a team of one, and
never list the members; the owner is found by typing, through /choices/member."""

import html
import re

import pytest

from app.web.routes import settings
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created
from tests.web.conftest import Browser
from tests.web.test_member_pickers import options
from tests.web.test_page_calls import calls_before_and_after_thirty_more_members


def plan_of(owner: Caller, campaign: dict[str, str], member: dict[str, str]) -> dict[str, str]:
    body = {
        "title": "Friday wrap-up",
        "campaign_id": campaign["id"],
        "owner_member_id": member["id"],
        "rrule": "FREQ=WEEKLY;BYDAY=FR",
    }
    plan: dict[str, str] = created(owner.post("work-plans", json=body))
    return plan


def meeting_of(owner: Caller) -> dict[str, str]:
    body = {"title": "Weekly sync", "starts_at": "2026-12-07T10:00:00+08:00"}
    meeting: dict[str, str] = created(owner.post("meetings", json=body))
    return meeting


@pytest.mark.parametrize("page", ["campaign plans", "plan", "meeting"])
def test_a_page_with_a_member_field_makes_as_many_api_calls_for_thirty_members_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, page: str
) -> None:
    campaign = make_campaign(owner)
    planner = make_member(owner, display_name="Planner Li")
    path = {
        "campaign plans": f"/campaigns/{campaign['id']}/plans",
        "plan": f"/plans/{plan_of(owner, campaign, planner)['id']}",
        "meeting": f"/meetings/{meeting_of(owner)['id']}",
    }[page]

    before, after = calls_before_and_after_thirty_more_members(web, caplog, owner, path)

    assert before == after
    assert not any(call.endswith("/members") for call in after)
    assert "Member 00" not in web.get(web.page(path)).text


def test_a_plans_owner_is_shown_chosen_and_others_are_found_by_typing(
    web: Browser, owner: Caller
) -> None:
    campaign = make_campaign(owner)
    planner = make_member(owner, display_name="Planner Li")
    make_member(owner, display_name="Planner Wang")
    make_member(owner, display_name="Editor Sun")
    plan = plan_of(owner, campaign, planner)

    page = web.get(web.page(f"/plans/{plan['id']}")).text
    found = web.get(
        web.page("/choices/member"),
        params={
            "field": "owner_member_id",
            "q": "planner",
            "chosen": planner["id"],
            "chosen_name": "Planner Li",
        },
        headers={"HX-Request": "true"},
    ).text

    assert options(page, "owner_member_id") == ["— or a role —", "Planner Li"]
    assert f'<option value="{planner["id"]}" selected>' in page
    assert options(found, "owner_member_id") == ["", "Planner Li", "Planner Wang"]


def test_a_refused_plan_keeps_the_owner_that_was_chosen(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner)
    planner = make_member(owner, display_name="Planner Li")
    form = {
        "title": "Friday wrap-up",
        "rrule": "FREQ=WEEKLY;BYDAY=FR",
        "rrule_custom": "FREQ=HOURLY",
        "owner_member_id": planner["id"],
    }

    refused = web.post(web.page(f"/campaigns/{campaign['id']}/plans"), form)

    assert refused.status_code == 422
    assert options(refused.text, "owner_member_id") == ["— or a role —", "Planner Li"]
    assert re.search(rf'<option value="{planner["id"]}" selected>', refused.text)


def test_the_roles_page_names_todays_holders_without_walking_the_members(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    campaign = make_campaign(owner)
    role = seeded(owner, "roles", "creator")
    holder = make_member(owner, display_name="Creator Li")
    created(assign(owner, holder, role, "responsible", campaign))

    before, after = calls_before_and_after_thirty_more_members(web, caplog, owner, "/roles")
    page = web.get(web.page("/roles")).text

    assert before == after
    assert not any(call.endswith("/members") for call in after)
    assert f'href="/w/{owner.workspace}/members/{holder["id"]}">Creator Li</a>' in page


def test_the_settings_page_reads_one_page_of_people_however_large_the_team(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    before, after = calls_before_and_after_thirty_more_members(web, caplog, owner, "/settings")

    assert before == after
    assert after.count(f"/api/v1/workspaces/{owner.workspace}/members") == 1


def test_the_settings_page_links_to_the_next_people_when_the_team_is_larger_than_a_page(
    web: Browser, owner: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "PEOPLE_PAGE", 10)
    for i in range(12):
        make_member(owner, display_name=f"Member {i:02d}")

    first = web.get(web.page("/settings")).text
    more = re.search(r'href="(/w/[^"]+/settings\?people=[^"#]+)#people"', first)
    assert more is not None
    rest = web.get(html.unescape(more.group(1))).text

    assert "More people" in first
    assert "People and access" in rest
    assert "More people" not in rest  # thirteen members: two pages of ten
