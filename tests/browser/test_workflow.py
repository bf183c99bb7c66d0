"""The team workspace in a real browser: the issue's walk-through, step by step."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
DEMO = ("demo@example.com", "troupe-demo")
LIVE_CONNECTED = "() => document.querySelector('.live-connection')?._htmx?.sse"


def sign_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/signin")
    page.fill("#email", DEMO[0])
    page.fill("#password", DEMO[1])
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/w/demo$"))


def set_cell(page: Page, scope: str, column: str, letter: str) -> None:
    """Pick a RACI letter in the cell of `scope` × `column` (member name) by keyboard."""
    row = page.locator("table.raci-matrix tbody tr", has=page.locator("th", has_text=scope))
    headers = page.locator("table.raci-matrix thead th").all_inner_texts()
    index = next(i for i, text in enumerate(headers) if text.startswith(column))
    cell = row.locator("td, th").nth(index)
    cell.locator("select").select_option(label=letter)


def add_column(page: Page, member: str, role: str) -> None:
    """Search a person by name in "Add a person", choose them and a role, add the column."""
    page.fill("#add-person", member.split(" ")[0] + " " + member.split(" ")[1])
    expect(page.locator("select#add-member option", has_text=member)).to_have_count(1)
    page.select_option("#add-member", label=member)
    page.select_option("#add-role", label=role)
    page.click("button:has-text('Add column')")


def test_campaign_with_scopes_and_a_raci_matrix(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    page.click("nav.mainnav >> text=Campaigns")
    page.click("text=New campaign")
    page.fill("#f-name", "Browser test live stream")
    page.fill("#f-scopes", "Script\nSponsor contract")
    page.click("button:has-text('Save')")
    expect(page.locator("h1")).to_contain_text("Browser test live stream")
    expect(page.locator("table.raci-matrix")).to_have_count(0)

    for member in ("Chen Hao 陈浩", "Wang Lei 王磊", "Guo Meng 郭萌"):
        add_column(page, member, "Creator")
    expect(page.locator("table.raci-matrix thead th")).to_have_count(4)

    set_cell(page, "Script", "Chen Hao", "R")
    expect(page.locator("td.raci-cell select.value-responsible")).to_have_count(1)
    set_cell(page, "Script", "Wang Lei", "A")
    expect(page.locator("td.raci-cell select.value-accountable")).to_have_count(1)

    set_cell(page, "Script", "Guo Meng", "A")
    expect(page.locator("#toast")).to_contain_text("Wang Lei 王磊 is already accountable here")
    expect(page.locator("td.raci-cell select.value-accountable")).to_have_count(1)

    page.reload()
    expect(page.locator("td.raci-cell select.value-accountable")).to_have_count(1)
    expect(page.locator("td.raci-cell select.value-responsible")).to_have_count(1)


def test_language_switch_to_chinese(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/members")
    page.select_option("#language-choice", value="zh-CN")
    expect(page.locator("nav.mainnav")).to_contain_text("成员")
    expect(page.locator("h1")).to_have_text("成员")
    page.select_option("#language-choice", value="en")
    expect(page.locator("h1")).to_have_text("Members")


def test_entering_datapoints_draws_the_chart(page: Page, base_url: str) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/metrics")
    page.click("table a:has-text('Backers')")
    for value in ("17", "23"):
        page.fill("#entry-value", value)
        page.fill("#entry-channel", "browser-test")
        page.click("button:has-text('Record')")
        expect(page.locator(".flash")).to_contain_text("Datapoint recorded.")
    page.fill("#f-channel", "browser-test")
    page.click("button:has-text('Show')")
    expect(page.locator(".chart canvas")).to_have_count(1)
    expect(page.locator(".chart ~ details table").first).to_contain_text("40")


def test_main_pages_in_both_languages_for_the_tour(
    page: Page, base_url: str, screenshots: Path
) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo/campaigns")
    first = page.locator("#campaign-table a").first.get_attribute("href")
    page.goto(f"{base_url}/w/demo/metrics")
    metric = page.locator("table a:has-text('Content views')").get_attribute("href")
    page.goto(f"{base_url}/w/demo/members")
    member = page.locator("#member-results a").first.get_attribute("href")
    pages = {
        "home": "/w/demo",
        "members": "/w/demo/members",
        "member": member,
        "roles": "/w/demo/roles",
        "campaigns": "/w/demo/campaigns",
        "board": "/w/demo/campaigns/board",
        "campaign": first,
        "metrics": "/w/demo/metrics",
        "metric": metric,
        "health": "/w/demo/health",
        "workload": "/w/demo/workload",
        "skills": "/w/demo/skills",
        "settings": "/w/demo/settings",
    }
    for locale in ("en", "zh-CN"):
        page.goto(f"{base_url}/w/demo")
        page.select_option("#language-choice", value=locale)
        expect(page.locator("html")).to_have_attribute("lang", locale)
        for name, path in pages.items():
            response = page.goto(f"{base_url}{path}")
            assert response is not None, (locale, name)
            assert response.ok, (locale, name)
            # Every workspace page keeps its event stream open (the unread count in the top
            # bar is live): the network is never idle, so wait until the stream is connected.
            page.wait_for_load_state("load")
            page.wait_for_function(LIVE_CONNECTED)
            page.screenshot(path=str(screenshots / f"{locale}-{name}.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base_url}/w/demo/campaigns/board")
    page.screenshot(path=str(screenshots / "zh-CN-board-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
