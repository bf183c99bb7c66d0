"""Home, a campaign's page and the members list make the same API calls for a team of one
as for a team larger than one page of members (issue 9, "Pages"): no page walks all members
through pagination, and the members list shows one page with a link to the next."""

import logging
import re

import pytest

from tests.api.division_helpers import make_role
from tests.api.helpers import assign, make_campaign, make_member
from tests.factories import Caller, created
from tests.web.conftest import Browser

MORE_THAN_ONE_PAGE_OF_MEMBERS = 55  # the members list shows 50 per page
MEMBER_LINK = re.compile(r'href="/w/[^"]+/members/([0-9a-f-]{36})"')


def api_calls(web: Browser, caplog: pytest.LogCaptureFixture, path: str) -> list[str]:
    """The API requests (path and query) that serving the page `path` made."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="troupe.access"):
        assert web.get(web.page(path)).status_code == 200
    return [
        r.getMessage().split()[1]
        + (f"?{query}" if (query := getattr(r, "fields", {}).get("query")) else "")
        for r in caplog.records
        if r.name == "troupe.access" and " /api/" in r.getMessage()
    ]


@pytest.mark.parametrize("page", ["home", "campaign", "members"])
def test_a_page_makes_the_same_api_calls_for_a_team_larger_than_a_page_of_members(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, page: str
) -> None:
    role = make_role(owner)
    campaign = make_campaign(owner, "Script", status="active")
    path = {"home": "", "campaign": f"/campaigns/{campaign['id']}", "members": "/members"}[page]
    before = api_calls(web, caplog, path)

    for i in range(MORE_THAN_ONE_PAGE_OF_MEMBERS):
        member = make_member(owner, display_name=f"Member {i:02d}")
        created(assign(owner, member, role, "responsible", campaign, campaign["scopes"][0]))
    after = api_calls(web, caplog, path)

    assert after == before
    assert len(after) <= 6
    members_lists = [call for call in after if re.search(r"/members(\?|$)", call)]
    one_page = [f"/api/v1/workspaces/{owner.workspace}/members?limit=50"]
    assert members_lists == (one_page if page == "members" else [])


def test_the_members_list_shows_one_page_and_links_to_the_next(web: Browser, owner: Caller) -> None:
    for i in range(MORE_THAN_ONE_PAGE_OF_MEMBERS):
        make_member(owner, display_name=f"Member {i:02d}")

    page = web.get(web.page("/members")).text
    following = re.search(r'href="(/w/[^"]+/members\?[^"]*cursor=[^"]+)" rel="next"', page)
    assert following is not None
    rest = web.get(following.group(1).replace("&amp;", "&")).text

    first, later = MEMBER_LINK.findall(page), MEMBER_LINK.findall(rest)
    assert len(first) == 50
    assert len(first) + len(later) == MORE_THAN_ONE_PAGE_OF_MEMBERS + 1  # and the owner
    assert len(set(first + later)) == MORE_THAN_ONE_PAGE_OF_MEMBERS + 1
    assert 'rel="next"' not in rest
