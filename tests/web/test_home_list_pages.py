"""The workspace home (my assignments, my campaigns) and a member's page (their assignments)
show a page at a time (issue 9): the same API calls for one as for sixty, each list's
"Show more" bringing exactly its rest."""

import re

import pytest

from tests.api.division_helpers import make_role
from tests.api.helpers import assign, make_campaign
from tests.factories import Caller, created
from tests.web.conftest import Browser
from tests.web.test_page_calls import calls_before_and_after, shown_pages


def my_standing_roles(owner: Caller, count: int, allocation_percent: int = 10) -> list[str]:
    """`count` standing assignments of the owner, each in a role of its own, in order."""
    names = [f"Duty {i:02d}" for i in range(count)]
    mine = {"id": str(owner.member_id)}
    for name in names:
        role = make_role(owner, name=name)
        created(
            assign(
                owner,
                mine,
                role,
                "responsible",
                starts_on="2026-01-01",
                allocation_percent=allocation_percent,
            )
        )
    return names


def my_campaigns(owner: Caller, count: int) -> list[str]:
    role = make_role(owner, name="Crew")
    mine = {"id": str(owner.member_id)}
    names = [f"Campaign {i:02d}" for i in range(count)]
    for name in names:
        campaign = make_campaign(owner, name=name, status="active")
        created(assign(owner, mine, role, "responsible", campaign, starts_on="2026-01-01"))
    return names


def duties(html: str) -> list[str]:
    return re.findall(r"<strong>(Duty \d\d)</strong>", html)


def campaigns(html: str) -> list[str]:
    return re.findall(r">(Campaign \d\d)</a>", html)


def test_home_makes_as_many_api_calls_for_sixty_assignments_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    my_standing_roles(owner, 1)

    before, after = calls_before_and_after(
        web, caplog, "", lambda: (my_standing_roles(owner, 60), my_campaigns(owner, 60))
    )

    assert before == after


def test_home_shows_fifty_of_my_assignments_and_the_rest_on_demand(
    web: Browser, owner: Caller
) -> None:
    names = my_standing_roles(owner, 60)

    first, following = shown_pages(web, "")

    assert duties(first) == names[:50]
    assert len(following) == 1
    assert duties(following[0]) == names[50:]
    assert "<html" not in following[0]
    assert "show-more" not in following[0]


def test_home_shows_fifty_of_my_campaigns_and_the_rest_on_demand(
    web: Browser, owner: Caller
) -> None:
    names = my_campaigns(owner, 60)
    first = web.get(web.page("")).text
    more = re.search(r'hx-get="([^"]+campaigns_cursor=[^"]+)"', first)
    assert more is not None

    rest = web.get(more.group(1).replace("&amp;", "&"), headers={"HX-Request": "true"}).text

    assert campaigns(first.split('id="my-campaigns"')[1]) == names[:50]
    assert campaigns(rest) == names[50:]
    assert "<html" not in rest
    assert "show-more" not in rest


def test_a_members_page_makes_as_many_api_calls_for_sixty_assignments_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    my_standing_roles(owner, 1)
    path = f"/members/{owner.member_id}"

    before, after = calls_before_and_after(
        web, caplog, path, lambda: my_standing_roles(owner, 60, allocation_percent=1)
    )

    assert before == after


def test_a_members_page_lists_fifty_assignments_and_allocates_them_all(
    web: Browser, owner: Caller
) -> None:
    names = my_standing_roles(owner, 60, allocation_percent=2)

    first, following = shown_pages(web, f"/members/{owner.member_id}")

    assert re.findall(r"<td>(Duty \d\d)</td>", first) == names[:50]
    assert [re.findall(r"<td>(Duty \d\d)</td>", rest) for rest in following] == [names[50:]]
    assert "<html" not in following[0]
    assert "120%" in first
    assert "Over capacity" in first
