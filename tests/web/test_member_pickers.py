"""Member pickers for a team of any size (issue 15: the campaign lead picker and the
/health member filter listed every member): a search that offers at most 20 matches."""

import html
import re

from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller
from tests.web.conftest import Browser


def options(html: str, field: str) -> list[str]:
    select = re.search(rf'<select id="f-{field}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, html
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def test_the_campaign_form_lists_no_members_until_one_is_searched(
    web: Browser, owner: Caller
) -> None:
    for i in range(25):
        make_member(owner, display_name=f"Planner {i:02d}")
    make_member(owner, display_name="Li Na")

    form = web.get(web.page("/campaigns/new")).text
    found = web.get(
        web.page("/choices/member"),
        params={"field": "lead_member_id", "q": "planner", "blank": "–"},
        headers={"HX-Request": "true"},
    ).text

    assert options(form, "lead_member_id") == ["–"]
    assert 'hx-get="/w/' in form
    assert options(found, "lead_member_id")[0] == "–"
    assert len(options(found, "lead_member_id")) == 21  # the blank and 20 matches
    assert "Li Na" not in found


def test_a_campaigns_lead_stays_chosen_while_searching_and_is_saved(
    web: Browser, owner: Caller
) -> None:
    lead = make_member(owner, display_name="Li Na")
    other = make_member(owner, display_name="Wang Wei")
    campaign = make_campaign(owner, lead_member_id=lead["id"])

    form = web.get(web.page(f"/campaigns/{campaign['id']}/edit")).text
    found = web.get(
        web.page("/choices/member"),
        params={
            "field": "lead_member_id",
            "q": "wang",
            "chosen": lead["id"],
            "chosen_name": "Li Na",
        },
        headers={"HX-Request": "true"},
    ).text
    etag = re.search(r'name="etag" value="([^"]*)"', form)
    assert etag is not None
    saved = web.post(
        web.page(f"/campaigns/{campaign['id']}"),
        {
            "name": campaign["name"],
            "kind": "content",
            "etag": html.unescape(etag.group(1)),
            "lead_member_id": other["id"],
        },
    )

    assert options(form, "lead_member_id") == ["–", "Li Na"]
    assert f'<option value="{lead["id"]}" selected>' in form
    assert options(found, "lead_member_id") == ["", "Li Na", "Wang Wei"]
    assert saved.status_code == 303
    assert owner.get(f"campaigns/{campaign['id']}").json()["lead_member_name"] == "Wang Wei"


def test_the_health_page_filters_by_a_searched_member(web: Browser, owner: Caller) -> None:
    iris = make_member(owner, display_name="Idle Iris")
    make_member(owner, display_name="Idle Ivan")

    page = web.get(web.page("/health")).text
    narrowed = web.get(web.page(f"/health?member_id={iris['id']}")).text

    assert options(page, "member_id") == ["Any"]
    assert options(narrowed, "member_id") == ["Any", "Idle Iris"]
    assert "1 note" in narrowed


def test_the_health_page_filtered_by_a_member_no_longer_here_shows_no_one_chosen(
    web: Browser, owner: Caller
) -> None:
    gone = make_member(owner, display_name="Gone Gao")
    assert owner.delete(f"members/{gone['id']}").status_code == 204

    page = web.get(web.page(f"/health?member_id={gone['id']}"))

    assert page.status_code == 200
    assert options(page.text, "member_id") == ["Any"]
    assert "Gone Gao" not in page.text


def test_a_campaign_form_refused_for_a_lead_no_longer_here_shows_no_lead_chosen(
    web: Browser, owner: Caller
) -> None:
    gone = make_member(owner, display_name="Gone Gao")
    assert owner.delete(f"members/{gone['id']}").status_code == 204

    refused = web.post(
        web.page("/campaigns"), {"name": "Launch", "kind": "content", "lead_member_id": gone["id"]}
    )

    assert refused.status_code == 404  # the form again, saying what the API refused
    assert options(refused.text, "lead_member_id") == ["–"]
    assert "Gone Gao" not in refused.text
    assert owner.get("campaigns").json()["items"] == []


def test_clearing_the_member_search_offers_nobody(web: Browser, owner: Caller) -> None:
    make_member(owner, display_name="Planner 00")

    cleared = web.get(
        web.page("/choices/member"),
        params={"field": "lead_member_id", "q": " ", "blank": "–"},
        headers={"HX-Request": "true"},
    ).text

    assert options(cleared, "lead_member_id") == ["–"]
