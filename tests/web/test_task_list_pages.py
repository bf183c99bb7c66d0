"""Task pages show a page at a time (issue 9): My week (overdue, then the days) and a
campaign's task board and list make the same API calls for one task as for sixty, show the
first fifty (soonest due first on My week, oldest first on the campaign), and bring exactly
the rest on "Show more"."""

import re
from datetime import datetime, timedelta

import pytest

from app.core.clock import SettableClock
from tests.api.helpers import make_campaign
from tests.factories import Caller, created
from tests.web.conftest import Browser
from tests.web.test_page_calls import calls_before_and_after, shown_pages


def tasks_due(owner: Caller, start: datetime, count: int, **fields: str) -> list[str]:
    """`count` tasks of the owner, an hour apart from `start`, in the order they fall due."""
    titles = [f"Task {i:02d}" for i in range(count)]
    for i, title in enumerate(titles):
        due = (start + timedelta(hours=i)).isoformat()
        body = {"title": title, "owner_member_id": str(owner.member_id), "due_at": due}
        created(owner.post("tasks", json={**body, **fields}))
    return titles


def titles(html: str) -> list[str]:
    return re.findall(r"<strong>(Task \d\d)</strong>", html)


def test_my_week_makes_as_many_api_calls_for_sixty_tasks_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, clock: SettableClock
) -> None:
    tasks_due(owner, clock.now() + timedelta(hours=1), 1)

    before, after = calls_before_and_after(
        web, caplog, "/my-week", lambda: tasks_due(owner, clock.now() - timedelta(days=2), 60)
    )

    assert before == after


def test_my_week_shows_fifty_soonest_due_first_and_the_rest_on_demand(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    expected = tasks_due(owner, clock.now() + timedelta(hours=1), 60)

    first, following = shown_pages(web, "/my-week")

    assert titles(first) == expected[:50]
    assert [titles(rest) for rest in following] == [expected[50:]]
    assert "<html" not in following[0]


def test_my_week_pages_the_overdue_tasks_on_their_own(
    web: Browser, owner: Caller, clock: SettableClock
) -> None:
    late = tasks_due(owner, clock.now() - timedelta(days=3), 60)
    body = {"title": "Due soon", "owner_member_id": str(owner.member_id)}
    created(
        owner.post("tasks", json={**body, "due_at": (clock.now() + timedelta(hours=2)).isoformat()})
    )

    first, following = shown_pages(web, "/my-week")

    overdue = first[first.index("Overdue") :]
    assert titles(overdue)[:50] == late[:50]
    assert "Due soon" in first
    assert [titles(rest) for rest in following] == [late[50:]]


@pytest.mark.parametrize("view", ["board", "list"])
def test_a_campaigns_tasks_make_as_many_api_calls_for_sixty_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, clock: SettableClock, view: str
) -> None:
    campaign = make_campaign(owner, name="Launch")
    start = clock.now() + timedelta(days=1)
    tasks_due(owner, start, 1, campaign_id=campaign["id"])
    path = f"/campaigns/{campaign['id']}/tasks?view={view}"

    before, after = calls_before_and_after(
        web, caplog, path, lambda: tasks_due(owner, start, 60, campaign_id=campaign["id"])
    )

    assert before == after


@pytest.mark.parametrize("view", ["board", "list"])
def test_a_campaigns_tasks_show_fifty_and_the_rest_on_demand(
    web: Browser, owner: Caller, clock: SettableClock, view: str
) -> None:
    campaign = make_campaign(owner, name="Launch")
    expected = tasks_due(owner, clock.now() + timedelta(days=1), 60, campaign_id=campaign["id"])

    first, following = shown_pages(web, f"/campaigns/{campaign['id']}/tasks?view={view}")

    assert len(titles(first)) == 50
    # created at one instant (the test clock), so compare as sets: none lost, none twice
    assert sorted(titles(first) + [t for rest in following for t in titles(rest)]) == expected
    assert len(following) == 1
    assert "<html" not in following[0]
    if view == "board":
        assert '<span class="muted">50+</span>' in first
