"""Goal lists show a page at a time (issue 9): the workspace's goals, the goals serving one
goal, and a campaign's goals make the same API calls for one goal as for sixty, show the
first fifty by due date, and bring exactly the rest on "Show more"."""

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.api.helpers import make_campaign
from tests.factories import Caller, created
from tests.web.conftest import Browser
from tests.web.test_page_calls import calls_before_and_after, shown_pages


def goal(owner: Caller, title: str, due_on: date, **fields: Any) -> dict[str, Any]:
    body = {"title": title, "starts_on": "2026-11-01", "due_on": due_on.isoformat(), **fields}
    key_result = {"metric": "followers", "start_value": 1000, "target_value": 2000}
    return created(owner.post("goals", json={**body, "key_results": [key_result]}))


def sixty_goals(owner: Caller, **fields: Any) -> list[str]:
    titles = [f"Goal {i:02d}" for i in range(60)]
    for i, title in enumerate(titles):
        goal(owner, title, date(2027, 1, 1) + timedelta(days=i), **fields)
    return titles


def titles(html: str) -> list[str]:
    return re.findall(r">(Goal \d\d)</a>", html)


def parent_and_campaign(owner: Caller, where: str) -> tuple[str, dict[str, str]]:
    """The page of one of the three goal lists, and the fields putting a goal on all three."""
    parent = goal(owner, "The parent", date(2026, 12, 31))
    campaign = make_campaign(owner, name="Launch")
    path = {
        "list": "/goals",
        "parent": f"/goals/{parent['id']}",
        "campaign": f"/campaigns/{campaign['id']}",
    }[where]
    return path, {"parent_id": parent["id"], "campaign_id": campaign["id"]}


@pytest.mark.parametrize("where", ["list", "parent", "campaign"])
def test_goal_lists_make_as_many_api_calls_for_sixty_goals_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    path, fields = parent_and_campaign(owner, where)
    goal(owner, "Goal first", date(2026, 12, 1), **fields)

    before, after = calls_before_and_after(web, caplog, path, lambda: sixty_goals(owner, **fields))

    assert before == after


@pytest.mark.parametrize("where", ["list", "parent", "campaign"])
def test_goal_lists_show_fifty_by_due_date_and_the_rest_on_demand(
    web: Browser, owner: Caller, where: str
) -> None:
    path, fields = parent_and_campaign(owner, where)
    expected = sixty_goals(owner, **fields)
    shown = 49 if where == "list" else 50  # the workspace's list starts with the parent

    first, following = shown_pages(web, path)

    assert titles(first) == expected[:shown]
    assert [titles(rest) for rest in following] == [expected[shown:]]
    assert "<html" not in following[0]
    assert "show-more" not in following[0]
