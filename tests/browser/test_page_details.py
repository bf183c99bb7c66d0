"""Details a Plane, Asana or Linear user expects (issue 15), in a real browser: sortable
columns, a confirmation before deleting, a favicon, and a lead found by typing a name."""

import re

import pytest
from playwright.sync_api import Page, Response, expect

from tests.browser.test_campaign_page import new_campaign
from tests.browser.test_workflow import sign_in

pytestmark = pytest.mark.browser


def test_sorting_a_column_and_the_favicon(page: Page, base_url: str) -> None:
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    sign_in(page, base_url)

    page.goto(f"{base_url}/w/demo/members")
    header = page.locator("#member-results th", has_text="Name")
    names = page.locator("#member-results tbody tr td:first-child a")
    header.locator("button.sort").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    ascending = [n.strip() for n in names.all_inner_texts()]
    header.locator("button.sort").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    descending = [n.strip() for n in names.all_inner_texts()]

    assert len(ascending) > 3
    assert descending == list(reversed(ascending))
    assert page.request.get(f"{base_url}/favicon.ico").status == 200
    assert missing == []


def test_deleting_a_campaign_asks_first(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    url = new_campaign(page, base_url, "Delete me maybe")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("button:has-text('Delete')")
    expect(page.locator("h1")).to_contain_text("Delete me maybe")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Delete')")

    expect(page.locator(".flash, [role=status]").first).to_contain_text("Deleted the campaign")
    assert page.request.get(url).status == 404


def test_a_lead_is_found_by_typing_and_a_scope_gets_its_roles(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/campaigns/new")
    page.fill("#f-name", "Lead by search")
    page.fill("#f-scopes", "Sponsor contract")

    with page.expect_response(lambda r: "/choices/member" in r.url) as answered:
        page.locator(".member-picker input[type=search]").fill("Chen")
    assert isinstance(answered.value, Response)
    choices = page.locator("#f-lead_member_id option")
    expect(choices).not_to_have_count(1)
    chen = page.locator("#f-lead_member_id option", has_text="Chen Hao").get_attribute("value")
    page.select_option("#f-lead_member_id", value=chen)
    page.click("button:has-text('Save')")
    expect(page.locator("dl.facts").first).to_contain_text("Chen Hao")

    page.locator("#scope-needs summary").click()
    form = page.locator("#scope-needs form", has_text="Sponsor contract")
    form.get_by_label(re.compile("partnership", re.I)).first.check()
    form.locator("button").click()

    expect(page.locator("#scope-needs")).to_contain_text("Sponsor contract")
    checked = page.locator("#scope-needs input[type=checkbox]:checked")
    expect(checked).to_have_count(1)
