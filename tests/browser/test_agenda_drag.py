"""The agenda editor in a real browser: drag the last item onto the first, and after a
reload the agenda is in the new order (the move went through the API)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_workflow import sign_in

pytestmark = pytest.mark.browser


def test_an_agenda_item_dragged_to_the_top_stays_there_after_reload(
    page: Page, base_url: str
) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/meetings")
    page.fill("#f-title", "Drag sync")
    page.fill("#f-starts_at", "2026-12-07T10:00")
    page.click("form[action='/w/demo/meetings'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/meetings/[0-9a-f-]{36}$"))
    for title in ("Numbers", "Sponsor", "Schedule"):
        page.fill("#agenda-title", title)
        page.click("#agenda button:has-text('Add')")
        expect(page.locator("ol.agenda > li", has_text=title)).to_have_count(1)
    items = page.locator("ol.agenda > li")

    items.nth(2).drag_to(items.nth(0))

    expect(items.first).to_contain_text("Schedule")
    page.reload()
    titles = [text.split("\n")[0].strip() for text in items.all_inner_texts()]
    assert [t for t in titles if t] == ["Schedule", "Numbers", "Sponsor"]
