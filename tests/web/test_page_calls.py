"""/health and /skills at a realistic size (issue 15): a page makes the same few API calls
whatever the size of the team, and renders only what it shows (the rest on demand)."""

import logging
import re
from collections.abc import Callable
from html import unescape

import pytest

from tests.api.division_helpers import make_role, make_skill
from tests.api.helpers import assign, make_campaign, make_member
from tests.factories import Caller, created
from tests.web.conftest import Browser


def api_calls(web: Browser, caplog: pytest.LogCaptureFixture, path: str) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="troupe.access"):
        assert web.get(web.page(path)).status_code == 200
    return [
        r.getMessage().split()[1].split("?")[0]
        for r in caplog.records
        if r.name == "troupe.access" and " /api/" in r.getMessage()
    ]


def calls_before_and_after(
    web: Browser, caplog: pytest.LogCaptureFixture, path: str, grow: Callable[[], object]
) -> tuple[list[str], list[str]]:
    """The API calls a page makes, then again once `grow` has added to what it lists."""
    before = api_calls(web, caplog, path)
    grow()
    return before, api_calls(web, caplog, path)


def calls_before_and_after_thirty_more(
    web: Browser, caplog: pytest.LogCaptureFixture, path: str, make: Callable[[int], object]
) -> tuple[list[str], list[str]]:
    """The API calls a page makes, then again once `make(i)` added thirty more of a kind."""

    def thirty_more() -> None:
        for i in range(30):
            make(i)

    return calls_before_and_after(web, caplog, path, thirty_more)


def calls_before_and_after_thirty_more_members(
    web: Browser, caplog: pytest.LogCaptureFixture, owner: Caller, path: str
) -> tuple[list[str], list[str]]:
    """The API calls a page makes, then again once the team has thirty more members."""
    return calls_before_and_after_thirty_more(
        web, caplog, path, lambda i: make_member(owner, display_name=f"Member {i:02d}")
    )


def shown_pages(web: Browser, path: str) -> tuple[str, list[str]]:
    """A list page, then each "Show more" answer (htmx) it leads to, in turn."""
    first = web.get(web.page(path)).text
    following: list[str] = []
    more = _show_more(first)
    while more is not None:
        following.append(web.get(more, headers={"HX-Request": "true"}).text)
        more = _show_more(following[-1])
    return first, following


def _show_more(html: str) -> str | None:
    found = re.search(r'class="show-more".*?hx-get="([^"]+)"', html, re.DOTALL)
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize("path", ["/health", "/skills"])
def test_a_page_makes_as_many_api_calls_for_thirty_members_as_for_none(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    before, after = calls_before_and_after_thirty_more_members(web, caplog, owner, path)

    assert before == after
    assert len(after) <= 4
    assert not any(call.endswith("/members") for call in after)


def test_the_skills_page_lists_the_first_gaps_and_the_rest_on_demand(
    web: Browser, owner: Caller
) -> None:
    deals = make_skill(owner, "deals")
    planner = make_role(owner, (deals, 3), name="Planner")
    campaign = make_campaign(owner, "Contract", status="active")
    for i in range(23):
        junior = make_member(
            owner, display_name=f"Junior {i:02d}", skills=[{"skill_id": deals["id"], "level": 1}]
        )
        created(assign(owner, junior, planner, "responsible", campaign, campaign["scopes"][0]))

    page = web.get(web.page("/skills")).text
    more = re.search(r'hx-get="(/w/[^"]+/skills/gaps\?cursor=[^"]+)"', page)
    assert more is not None
    rest = web.get(more.group(1), headers={"HX-Request": "true"}).text

    shown = re.findall(r"(Junior \d\d) \(Planner", page)
    assert len(shown) == 20
    assert "Show more gaps" in page
    later = re.findall(r"(Junior \d\d) \(Planner", rest)
    assert sorted(shown + later) == [f"Junior {i:02d}" for i in range(23)]
    assert "<html" not in rest
    assert "Show more gaps" not in rest


def test_the_campaign_division_panel_names_helpers_without_walking_the_members(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    editing = make_skill(owner, "video editing")
    editor = make_role(owner, (editing, 3), name="Editor")
    campaign = make_campaign(owner, "Script", status="active")
    sun = make_member(owner, display_name="Sun", skills=[{"skill_id": editing["id"], "level": 2}])
    make_member(owner, display_name="Wang", skills=[{"skill_id": editing["id"], "level": 4}])
    created(assign(owner, sun, editor, "responsible", campaign, campaign["scopes"][0]))
    path = f"/campaigns/{campaign['id']}/division"

    before, after = calls_before_and_after_thirty_more_members(web, caplog, owner, path)

    assert before == after
    assert len(after) <= 4
    assert not any(call.endswith("/members") for call in after)
    assert "Could cover or mentor: Wang" in web.get(web.page(path)).text
