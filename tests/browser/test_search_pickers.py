"""Search pickers in a real browser (issue 9): a required role found by typing stays ticked
when the next search replaces the found ones, and is saved with the campaign."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_workflow import sign_in

pytestmark = pytest.mark.browser


def search_roles(page: Page, text: str) -> None:
    with page.expect_response(lambda r: "/choices/role" in r.url):
        page.locator(".role-picker input[type=search]").fill(text)


def test_a_role_found_by_typing_stays_ticked_across_searches_and_is_saved(
    page: Page, base_url: str
) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/campaigns/new")
    page.fill("#f-name", "Roles by search")

    search_roles(page, "partnership")
    page.locator("#found-role_ids label", has_text=re.compile("partnership", re.I)).click()
    search_roles(page, "legal")

    chosen = page.locator("#chosen-role_ids input:checked")
    expect(chosen).to_have_count(1)
    expect(
        page.locator("#found-role_ids label", has_text=re.compile("legal", re.I))
    ).not_to_have_count(0)
    expect(page.locator("#found-role_ids", has_text=re.compile("partnership", re.I))).to_have_count(
        0
    )
    page.click("button:has-text('Save')")
    expect(page.locator("h1")).to_contain_text("Roles by search")
    page.goto(page.url.split("#")[0] + "/edit")
    kept = page.locator("#chosen-role_ids label", has_text=re.compile("partnership", re.I))
    expect(kept.locator("input")).to_be_checked()
