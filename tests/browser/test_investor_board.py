"""The investor pipeline on the funding page in a real browser: drag an investor to another
stage; the move is saved (it is still there after a reload)."""

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_workflow import sign_in

pytestmark = pytest.mark.browser
INVESTOR = "Riverbank Angels"


def column(page: Page, stage: str) -> Locator:
    board = page.locator("#investor-board")
    return board.locator("section.column", has=page.locator("h3", has_text=stage))


def test_an_investor_is_dragged_to_another_stage_and_stays_there(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    page.click("nav.mainnav >> text=Funding")
    card = page.locator("#investor-board article.board-card", has_text=INVESTOR)
    expect(column(page, "Meeting").locator("article", has_text=INVESTOR)).to_have_count(1)

    card.drag_to(column(page, "Term sheet"))

    expect(column(page, "Term sheet").locator("article", has_text=INVESTOR)).to_have_count(1)
    page.reload()
    expect(column(page, "Term sheet").locator("article", has_text=INVESTOR)).to_have_count(1)
    expect(column(page, "Meeting").locator("article", has_text=INVESTOR)).to_have_count(0)
