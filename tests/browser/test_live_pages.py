"""Live pages: what one person changes appears in another person's browser, no reload."""

import re
import uuid

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_workflow import DEMO, add_column, set_cell

pytestmark = pytest.mark.browser
PASSWORD = "a long passphrase for the second browser"


def second_user(base_url: str) -> str:
    """An editor of the demo workspace, invited and joined through the API; their email."""
    api = f"{base_url}/api/v1"
    token = httpx.post(
        f"{api}/auth/token", data={"username": DEMO[0], "password": DEMO[1]}, timeout=30
    ).json()["access_token"]
    email = f"live-{uuid.uuid4().hex[:8]}@example.com"
    invite = httpx.post(
        f"{api}/workspaces/demo/invites",
        json={"email": email, "access": "editor"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert invite.status_code == 201, invite.text
    joined = httpx.post(
        f"{api}/auth/accept-invite",
        json={"token": invite.json()["token"], "password": PASSWORD, "display_name": "Second"},
        timeout=30,
    )
    assert joined.status_code == 201, joined.text
    return email


def sign_in_as(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/signin")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/w/demo$"))


def test_a_raci_cell_set_by_one_user_appears_in_another_user_s_matrix(
    browser: Browser, base_url: str
) -> None:
    email = second_user(base_url)
    first = browser.new_context().new_page()
    sign_in_as(first, base_url, *DEMO)
    first.click("nav.mainnav >> text=Campaigns")
    first.click("text=New campaign")
    first.fill("#f-name", f"Live matrix {uuid.uuid4().hex[:6]}")
    first.fill("#f-scopes", "Script\nSponsor contract")
    first.click("button:has-text('Save')")
    for member in ("Chen Hao 陈浩", "Wang Lei 王磊"):
        add_column(first, member, "Creator")
    set_cell(first, "Script", "Chen Hao", "R")
    expect(first.locator("td.raci-cell select.value-responsible")).to_have_count(1)
    set_cell(first, "Script", "Wang Lei", "C")
    expect(first.locator("td.raci-cell select.value-consulted")).to_have_count(1)

    second = browser.new_context().new_page()
    sign_in_as(second, base_url, email, PASSWORD)
    second.goto(first.url.split("?")[0].split("#")[0])
    expect(second.locator("td.raci-cell select.value-consulted")).to_have_count(1)
    expect(second.locator("td.raci-cell select.value-accountable")).to_have_count(0)
    second.wait_for_function("() => document.querySelector('.live-connection')?._htmx?.sse")

    set_cell(first, "Sponsor contract", "Wang Lei", "A")
    expect(first.locator("td.raci-cell select.value-accountable")).to_have_count(1)

    expect(second.locator("td.raci-cell select.value-accountable")).to_have_count(1, timeout=10_000)
    second.context.close()
    first.context.close()


def api_as(base_url: str, email: str, password: str) -> httpx.Client:
    token = httpx.post(
        f"{base_url}/api/v1/auth/token",
        data={"username": email, "password": password},
        timeout=30,
    ).json()["access_token"]
    return httpx.Client(
        base_url=f"{base_url}/api/v1/workspaces/demo/",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def connected(page: Page) -> None:
    page.wait_for_function("() => document.querySelector('.live-connection')?._htmx?.sse")


def test_a_task_added_by_one_user_appears_on_another_user_s_task_board(
    browser: Browser, base_url: str
) -> None:
    email = second_user(base_url)
    api = api_as(base_url, *DEMO)
    campaign = api.post("campaigns", json={"name": f"Live board {uuid.uuid4().hex[:6]}"})
    assert campaign.status_code == 201, campaign.text
    board = f"{base_url}/w/demo/campaigns/{campaign.json()['id']}/tasks"

    second = browser.new_context().new_page()
    sign_in_as(second, base_url, email, PASSWORD)
    second.goto(board)
    expect(second.locator("#board article.board-card")).to_have_count(0)
    connected(second)

    first = browser.new_context().new_page()
    sign_in_as(first, base_url, *DEMO)
    first.goto(board)
    first.fill("#quick-add", "Cut the trailer")
    first.press("#quick-add", "Enter")
    expect(first.locator("#board article.board-card", has_text="Cut the trailer")).to_have_count(1)

    card = second.locator("#board article.board-card", has_text="Cut the trailer")
    expect(card).to_have_count(1, timeout=10_000)
    second.context.close()
    first.context.close()
    api.close()


def test_a_mention_raises_the_unread_count_in_the_other_user_s_top_bar(
    browser: Browser, base_url: str
) -> None:
    email = second_user(base_url)
    reader = api_as(base_url, email, PASSWORD)
    mine = reader.get(f"{base_url}/api/v1/workspaces").json()["items"]
    me = next(w for w in mine if w["slug"] == "demo")
    api = api_as(base_url, *DEMO)
    campaign = api.post("campaigns", json={"name": f"Live inbox {uuid.uuid4().hex[:6]}"}).json()

    second = browser.new_context().new_page()
    sign_in_as(second, base_url, email, PASSWORD)
    second.goto(f"{base_url}/w/demo/members")  # any page: the top bar is everywhere
    expect(second.locator("#unread-count")).to_have_text("")
    connected(second)

    said = api.post(
        "comments",
        json={
            "subject_type": "campaign",
            "subject_id": campaign["id"],
            "body": f"@[Second](member:{me['member_id']}) please look",
        },
    )
    assert said.status_code == 201, said.text

    expect(second.locator("#unread-count")).to_have_text("1", timeout=10_000)
    second.context.close()
    api.close()
    reader.close()
