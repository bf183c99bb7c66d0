"""The campaign page on a phone and by keyboard; forms in Chinese; secrets and sign-out."""

import re

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.test_workflow import sign_in

pytestmark = pytest.mark.browser


def new_campaign(page: Page, base_url: str, name: str) -> str:
    """A campaign with the scope "Script", made through the form; its page's URL."""
    page.goto(f"{base_url}/w/demo/campaigns/new")
    page.fill("#f-name", name)
    page.fill("#f-scopes", "Script")
    page.click("button:has-text('Save')")
    expect(page.locator("h1")).to_contain_text(name)
    return page.url.split("#")[0]


def columns(page: Page, base_url: str, count: int) -> str:
    """`add=` parameters for `count` member × role columns of the demo team."""
    page.goto(f"{base_url}/w/demo/members")
    links = page.locator("#member-results a[href*='/members/']")
    member_ids = [
        (links.nth(i).get_attribute("href") or "").rsplit("/", 1)[-1] for i in range(count)
    ]
    page.goto(f"{base_url}/w/demo/roles")
    role_id = (page.locator("article h2").first.get_attribute("id") or "").removeprefix("role-")
    return "&".join(f"add={member}:{role_id}" for member in member_ids)


def test_a_campaign_with_nine_columns_fits_a_360_px_phone(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    url = new_campaign(page, base_url, "Phone check")
    added = columns(page, base_url, 9)
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{url}?{added}")

    expect(page.locator("table.raci-matrix thead th")).to_have_count(10)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator(".raci-matrix").evaluate("t => t.parentElement.scrollWidth")
    assert box > 360  # the matrix scrolls inside its own box


def test_keyboard_only_raci_edit_saves_once(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    url = new_campaign(page, base_url, "Keyboard check")
    page.goto(f"{url}?{columns(page, base_url, 1)}")
    saves: list[Request] = []
    page.on("request", lambda r: saves.append(r) if r.url.endswith("/raci") else None)

    page.keyboard.press("Tab")  # skip links first
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to the RACI matrix")
    page.keyboard.press("Enter")
    while not page.evaluate("document.activeElement.matches('td.raci-cell select')"):
        page.keyboard.press("Tab")
    cell = page.locator(":focus")
    expect(cell).to_have_accessible_name(re.compile(r"^Script — .+, .+"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert saves == []  # passing through R saves nothing
    page.keyboard.press("Enter")

    expect(page.locator("td.raci-cell select.value-accountable")).to_have_count(1)
    expect(page.locator("#toast")).to_contain_text("Saved")
    assert len(saves) == 1
    expect(page.locator("#history-panel")).to_contain_text("Script")


def test_undo_after_a_raci_change(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    url = new_campaign(page, base_url, "Undo check")
    page.goto(f"{url}?{columns(page, base_url, 1)}")

    page.locator("td.raci-cell select").first.select_option(label="R")
    expect(page.locator("td.raci-cell select.value-responsible")).to_have_count(1)
    page.click("#toast button:has-text('Undo')")

    expect(page.locator("td.raci-cell select.value-responsible")).to_have_count(0)
    page.reload()
    expect(page.locator("td.raci-cell select.value-responsible")).to_have_count(0)


def test_chinese_validation_messages_on_their_fields(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/campaigns/new")
    page.select_option("#language-choice", value="zh-CN")
    expect(page.locator("h1")).to_have_text("新建项目")

    try:
        page.fill("#f-name", "日期检查")
        page.fill("#f-starts_on", "2027-03-01")
        page.fill("#f-ends_on", "2027-02-01")
        page.click("button[type=submit].primary")

        expect(page.locator("#e-ends_on")).to_have_text("结束日期不能早于开始日期。")
        expect(page.locator("#f-name")).to_have_value("日期检查")
        expect(page.locator("#f-ends_on")).to_have_value("2027-02-01")
    finally:  # the choice is the demo user's: give the other tests their English back
        page.select_option("#language-choice", value="en")
        expect(page.locator("html")).to_have_attribute("lang", "en")


def test_reloading_after_creating_a_token_makes_no_second_one(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/settings")
    page.fill("#tokens #f-name", "reload check")
    page.click("#tokens button:has-text('Create token')")
    expect(page.locator("#new-token")).to_contain_text("trp_")

    page.reload()

    expect(page.locator("#new-token")).to_have_count(0)
    expect(page.locator("#tokens li", has_text="reload check")).to_have_count(1)


def test_back_after_signing_out_does_not_show_the_workspace(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/members")
    page.click("button:has-text('Sign out')")
    expect(page).to_have_url(re.compile(r"/signin"))

    page.go_back()

    expect(page).to_have_url(re.compile(r"/signin"))
    expect(page.locator("nav.mainnav")).to_have_count(0)
