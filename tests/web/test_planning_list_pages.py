"""Planning pages show a page of a growing list at a time (issue 9): the same API calls for
one row as for sixty, the first fifty in the list's order, and "Show more" for exactly the
rest (htmx fragments without <html>)."""

import re
from typing import Any

import pytest

from app.web.routes import campaign_page
from tests.api.division_helpers import make_role
from tests.api.helpers import assign, make_campaign, make_member
from tests.factories import Caller, created
from tests.web.conftest import Browser
from tests.web.test_page_calls import calls_before_and_after, shown_pages


def sixty_campaigns(owner: Caller, **fields: str) -> list[str]:
    names = [f"Campaign {i:02d}" for i in range(60)]
    for name in names:
        make_campaign(owner, name=name, **fields)
    return names


def campaign_names(html: str) -> list[str]:
    return re.findall(r">(Campaign \d\d)<", html)


@pytest.mark.parametrize("path", ["/campaigns", "/campaigns/board"])
def test_campaign_pages_make_as_many_api_calls_for_sixty_campaigns_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    make_campaign(owner, name="Campaign first")

    before, after = calls_before_and_after(web, caplog, path, lambda: sixty_campaigns(owner))

    assert before == after


def test_the_campaign_list_shows_fifty_and_the_rest_on_demand(web: Browser, owner: Caller) -> None:
    names = sixty_campaigns(owner)

    first, following = shown_pages(web, "/campaigns")

    assert campaign_names(first) == names[:50]
    assert len(following) == 1
    assert campaign_names(following[0]) == names[50:]
    assert "<html" not in following[0]
    assert "show-more" not in following[0]


def test_the_campaign_list_pages_within_its_filters(web: Browser, owner: Caller) -> None:
    sixty_campaigns(owner, kind="launch")
    make_campaign(owner, name="Campaign other", kind="content")

    first, following = shown_pages(web, "/campaigns?kind=launch")

    assert campaign_names(first) + campaign_names(following[0]) == [
        f"Campaign {i:02d}" for i in range(60)
    ]


def test_without_htmx_show_more_opens_the_list_at_the_next_page(
    web: Browser, owner: Caller
) -> None:
    names = sixty_campaigns(owner)
    first = web.get(web.page("/campaigns")).text
    more = re.search(r'rel="next" href="([^"]+)"', first)
    assert more is not None

    rest = web.get(more.group(1).replace("&amp;", "&")).text

    assert "<html" in rest
    assert campaign_names(rest) == names[50:]


def test_a_board_column_shows_fifty_cards_and_counts_them_only_when_it_has_them_all(
    web: Browser, owner: Caller
) -> None:
    names = sixty_campaigns(owner, status="active")
    make_campaign(owner, name="Campaign planned", status="planning")

    board = web.get(web.page("/campaigns/board")).text

    active = board[board.index('data-status="active"') : board.index('data-status="paused"')]
    assert campaign_names(active) == names[:50]
    assert '<span class="muted">50+</span>' in active
    planning = board[board.index('data-status="planning"') : board.index('data-status="active"')]
    assert '<span class="muted">1</span>' in planning
    assert "show-more" not in planning
    more = re.search(r'hx-get="([^"]+status=active[^"]+)"', active)
    assert more is not None
    rest = web.get(more.group(1).replace("&amp;", "&"), headers={"HX-Request": "true"}).text
    assert campaign_names(rest) == names[50:]
    assert "<html" not in rest
    assert "show-more" not in rest


def sixty_metrics(owner: Caller) -> None:
    for i in range(60):
        body = {"key": f"zz_metric_{i:02d}", "name": f"Metric {i:02d}", "category": "audience"}
        created(owner.post("metrics", json={**body, "aggregation": "sum"}))


def metric_names(html: str) -> list[str]:
    return re.findall(r'/metrics/[0-9a-f-]+">([^<]+)</a>', html)


def test_the_metric_list_makes_as_many_api_calls_for_sixty_more_metrics(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    before, after = calls_before_and_after(web, caplog, "/metrics", lambda: sixty_metrics(owner))

    assert before == after


def test_the_metric_list_shows_fifty_by_key_and_the_rest_on_demand(
    web: Browser, owner: Caller
) -> None:
    sixty_metrics(owner)
    every = owner.get("metrics", params={"limit": 200}).json()["items"]

    first, following = shown_pages(web, "/metrics")

    assert metric_names(first) == [m["name"] for m in every[:50]]
    assert [metric_names(rest) for rest in following] == [[m["name"] for m in every[50:]]]
    assert "<html" not in following[0]
    recordable = re.findall(r'<option value="(zz_metric_\d\d)"', first)
    assert len(recordable) == 60


def sixty_plans(owner: Caller, campaign: dict[str, Any]) -> list[str]:
    titles = [f"Plan {i:02d}" for i in range(60)]
    for title in titles:
        body = {"title": title, "campaign_id": campaign["id"], "rrule": "FREQ=WEEKLY;BYDAY=FR"}
        created(owner.post("work-plans", json={**body, "owner_member_id": str(owner.member_id)}))
    return titles


def plan_titles(html: str) -> list[str]:
    return re.findall(r">(Plan \d\d)</a>", html)


def test_a_campaigns_work_plans_make_as_many_api_calls_for_sixty_as_for_none(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    campaign = make_campaign(owner, name="Weekly")
    path = f"/campaigns/{campaign['id']}/plans"

    before, after = calls_before_and_after(web, caplog, path, lambda: sixty_plans(owner, campaign))

    assert before == after


def test_a_campaigns_work_plans_show_fifty_and_the_rest_on_demand(
    web: Browser, owner: Caller
) -> None:
    campaign = make_campaign(owner, name="Weekly")
    titles = sixty_plans(owner, campaign)

    first, following = shown_pages(web, f"/campaigns/{campaign['id']}/plans")

    assert plan_titles(first) == titles[:50]
    assert [plan_titles(rest) for rest in following] == [titles[50:]]
    assert "<html" not in following[0]


def assigned(owner: Caller, campaign: dict[str, Any], count: int) -> None:
    role = make_role(owner, name="Crew")
    for i in range(count):
        member = make_member(owner, display_name=f"Person {i:02d}")
        created(assign(owner, member, role, "consulted", campaign, starts_on="2026-01-01"))


def test_the_campaign_page_makes_as_many_api_calls_for_sixty_assignments_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    campaign = make_campaign(owner, "Script", name="Launch", status="active")
    assigned(owner, campaign, 1)
    path = f"/campaigns/{campaign['id']}"

    before, after = calls_before_and_after(web, caplog, path, lambda: assigned(owner, campaign, 60))

    assert before == after


def test_the_matrix_says_when_it_shows_only_the_first_assignments(
    web: Browser, owner: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(campaign_page, "MAX_LIMIT", 3)
    campaign = make_campaign(owner, "Script", name="Launch", status="active")
    assigned(owner, campaign, 3)
    path = web.page(f"/campaigns/{campaign['id']}")
    assert "first 3 active assignments" not in web.get(path).text

    assigned(owner, campaign, 1)

    assert "first 3 active assignments" in web.get(path).text
