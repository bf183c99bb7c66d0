"""The deal pipeline in a real browser: drag a deal to the next stage, then sign its
contract from the deal's page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_workflow import sign_in

pytestmark = pytest.mark.browser
DEAL = "Lumen × Hidden Crafts season 2"


def test_a_deal_is_dragged_along_the_pipeline_and_its_contract_signed(
    page: Page, base_url: str
) -> None:
    sign_in(page, base_url)
    page.click("nav.mainnav >> text=Deals")
    card = page.locator("article.board-card", has_text=DEAL)
    target = page.locator("section.column", has=page.locator("h2", has_text="Contract sent"))

    card.drag_to(target)

    expect(target.locator("article.board-card", has_text=DEAL)).to_have_count(1)
    page.click(f"text={DEAL}")
    expect(page.locator("#deal-stage")).to_contain_text("Contract sent")
    page.fill("#contract-title", "Season 2 sponsorship")
    page.click("button:has-text('Draft contract')")
    drafted = page.locator("li.contract", has_text="Season 2 sponsorship")
    expect(drafted.locator(".contract-status")).to_have_text("Draft")
    drafted.locator("button:has-text('Mark signed')").click()
    expect(page).to_have_url(re.compile(r"/deals/"))
    signed = page.locator("li.contract", has_text="Season 2 sponsorship")
    expect(signed.locator(".contract-status")).to_have_text("Signed")
