"""The goal and deal pages pick their people by search (issue 9): the goals page, a goal's
page and a deal's page make the same API calls for a team of thirty as for a team of one,
never list the members, and show the chosen people by the names their reply carries."""

import pytest

from tests.api.helpers import make_member
from tests.factories import Caller, created
from tests.money.helpers import make_deal
from tests.web.conftest import Browser
from tests.web.test_member_pickers import options
from tests.web.test_page_calls import calls_before_and_after_thirty_more_members


def goal_of(owner: Caller, leader: dict[str, str], reviewer: dict[str, str]) -> dict[str, str]:
    body = {
        "title": "Grow the fan club",
        "starts_on": "2026-01-01",
        "due_on": "2026-12-31",
        "owner_member_id": leader["id"],
        "reviewer_member_id": reviewer["id"],
    }
    goal: dict[str, str] = created(owner.post("goals", json=body))
    return goal


@pytest.mark.parametrize("page", ["goals", "goal", "deal"])
def test_a_goal_or_deal_page_makes_as_many_api_calls_for_thirty_members_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, page: str
) -> None:
    leader = make_member(owner, display_name="Leader Li")
    goal = goal_of(owner, leader, make_member(owner, display_name="Reviewer Wang"))
    deal = make_deal(owner, owner_member_id=leader["id"])
    path = {"goals": "/goals", "goal": f"/goals/{goal['id']}", "deal": f"/deals/{deal['id']}"}[page]

    before, after = calls_before_and_after_thirty_more_members(web, caplog, owner, path)

    assert before == after
    assert not any(call.endswith("/members") for call in after)
    assert "Member 00" not in web.get(web.page(path)).text


def test_a_goals_owner_and_reviewer_are_shown_chosen_by_their_names(
    web: Browser, owner: Caller
) -> None:
    leader = make_member(owner, display_name="Leader Li")
    reviewer = make_member(owner, display_name="Reviewer Wang")
    make_member(owner, display_name="Editor Sun")
    goal = goal_of(owner, leader, reviewer)

    page = web.get(web.page(f"/goals/{goal['id']}")).text

    assert options(page, "owner_member_id") == ["–", "Leader Li"]
    assert options(page, "reviewer_member_id") == ["–", "Reviewer Wang"]
    assert f'<option value="{leader["id"]}" selected>' in page
    assert f'<option value="{reviewer["id"]}" selected>' in page


def test_a_refused_new_goal_keeps_the_owner_that_was_chosen(web: Browser, owner: Caller) -> None:
    leader = make_member(owner, display_name="Leader Li")
    form = {
        "title": "Grow the fan club",
        "starts_on": "2026-12-31",
        "due_on": "2026-01-01",
        "owner_member_id": leader["id"],
    }

    refused = web.post(web.page("/goals"), form)

    assert refused.status_code == 422
    assert options(refused.text, "owner_member_id") == ["–", "Leader Li"]
    assert f'<option value="{leader["id"]}" selected>' in refused.text


def test_a_deals_owner_is_shown_chosen_and_a_refused_change_keeps_the_new_choice(
    web: Browser, owner: Caller
) -> None:
    leader = make_member(owner, display_name="Leader Li")
    other = make_member(owner, display_name="Closer Sun")
    deal = make_deal(owner, owner_member_id=leader["id"])

    page = web.get(web.page(f"/deals/{deal['id']}")).text
    refused = web.post(
        web.page(f"/deals/{deal['id']}"),
        {"title": deal["title"], "value": "not money", "owner_member_id": other["id"]},
    )

    assert options(page, "owner_member_id") == ["Nobody", "Leader Li"]
    assert f'<option value="{leader["id"]}" selected>' in page
    assert refused.status_code == 422
    assert options(refused.text, "owner_member_id") == ["Nobody", "Closer Sun"]
