"""Running the week in a real browser, on a server whose clock the test sets:
create a weekly plan → this week's task in "My week" → tick its checklist → file the Friday
report → the reviewer acknowledges it; a late report turns the health finding on, and
filing it turns the finding off.

The server runs in this process (uvicorn in a thread) with a `SettableClock`, so the test
moves the time instead of waiting.
"""

import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from app.core.clock import SettableClock
from app.core.config import Settings
from app.core.migrations import upgrade
from app.main import create_app
from tests.browser.conftest import SERVER_START_SECONDS, _free_port
from tests.browser.test_live_pages import PASSWORD, sign_in_as
from tests.browser.test_workflow import DEMO

pytestmark = pytest.mark.browser
ZONE = ZoneInfo("Asia/Shanghai")  # the demo workspace's


def next_monday() -> datetime:
    """10:00 on the coming Monday in the demo's zone (the seed's data is about today)."""
    today = datetime.now(ZONE).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime.combine(monday, clock_time(10), tzinfo=ZONE)


@pytest.fixture(scope="module")
def clocked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SettableClock]]:
    database = f"sqlite:///{tmp_path_factory.mktemp('week') / 'troupe.db'}"
    env = {**os.environ, "TROUPE_DATABASE_URL": database, "TROUPE_LOG_LEVEL": "warning"}
    env.pop("TROUPE_TEST_DATABASE_URL", None)
    upgrade(database)
    subprocess.run(
        [sys.executable, "-m", "app", "seed-demo"], env=env, check=True, capture_output=True
    )
    clock = SettableClock(next_monday().astimezone(UTC))
    app = create_app(Settings(database_url=database, run_jobs=False), clock=clock)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start in {SERVER_START_SECONDS} s")
        time.sleep(0.1)
    try:
        yield url, clock
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class Api:
    def __init__(self, url: str, email: str, password: str) -> None:
        token = httpx.post(
            f"{url}/api/v1/auth/token", data={"username": email, "password": password}, timeout=60
        ).json()["access_token"]
        self.http = httpx.Client(
            base_url=f"{url}/api/v1/workspaces/demo",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        me = next(
            w
            for w in httpx.get(
                f"{url}/api/v1/workspaces", headers=self.http.headers, timeout=60
            ).json()["items"]
            if w["slug"] == "demo"
        )
        self.member_id = me["member_id"]
        self.display_name = self.http.get(f"members/{self.member_id}").json()["display_name"]

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(path, json=body)
        assert response.status_code == 201, response.text
        reply: dict[str, Any] = response.json()
        return reply


def reviewer_of(url: str, demo: Api) -> tuple[str, Api]:
    email = f"reviewer-{uuid.uuid4().hex[:8]}@example.com"
    invite = demo.post("invites", {"email": email, "access": "editor"})
    joined = httpx.post(
        f"{url}/api/v1/auth/accept-invite",
        json={"token": invite["token"], "password": PASSWORD, "display_name": "Reviewer Qin"},
        timeout=60,
    )
    assert joined.status_code == 201, joined.text
    return email, Api(url, email, PASSWORD)


def overdue_findings(page: Page, url: str, campaign_id: str) -> int:
    page.goto(f"{url}/w/demo/campaigns/{campaign_id}/division")
    return page.get_by_text(re.compile(r"The report of .* is overdue")).count()


def test_a_week_from_plan_to_acknowledged_report(
    browser: Browser, clocked: tuple[str, SettableClock]
) -> None:
    url, clock = clocked
    monday = next_monday()
    demo = Api(url, *DEMO)
    reviewer_email, reviewer = reviewer_of(url, demo)
    name = f"Week walk {uuid.uuid4().hex[:6]}"
    campaign = demo.post("campaigns", {"name": name, "lead_member_id": demo.member_id})
    demo.post(
        "report-schedules",
        {
            "campaign_id": campaign["id"],
            "author_member_ids": [demo.member_id],
            "reviewer_member_id": reviewer.member_id,
        },
    )
    author = browser.new_context().new_page()
    sign_in_as(author, url, *DEMO)

    # Monday: plan the weekly wrap-up; this Friday's task appears at once (4 lead days).
    author.goto(f"{url}/w/demo/campaigns/{campaign['id']}/plans")
    author.fill("#f-title", "Friday wrap-up")
    author.select_option("#f-rrule", "FREQ=WEEKLY;BYDAY=FR")
    author.fill("#f-start_on", monday.date().isoformat())
    author.fill("#f-due_time", "17:00")
    author.fill("#f-lead_days", "4")
    author.locator(".member-picker input[type=search]").fill(demo.display_name)
    expect(author.locator(f'#f-owner_member_id option[value="{demo.member_id}"]')).to_have_count(1)
    author.select_option("#f-owner_member_id", demo.member_id)
    author.fill("#f-checklist", "Collect the numbers\nWrite the summary")
    author.click("button:has-text('Create the plan')")
    expect(author.locator("h1")).to_have_text("Friday wrap-up")
    expect(author.locator("ol.occurrences li")).to_have_count(8)

    author.click("nav >> text=My week")
    author.click("a:has-text('Friday wrap-up')")
    expect(author.locator("#checklist button")).to_have_count(2)
    author.locator("#checklist button", has_text="Collect the numbers").click()
    expect(author.locator("#checklist button", has_text="Collect the numbers")).to_have_attribute(
        "aria-checked", "true"
    )
    expect(author.locator("#checklist button", has_text="Write the summary")).to_have_attribute(
        "aria-checked", "false"
    )

    # Friday 16:00: file the report on time; nothing is overdue.
    clock.set((monday + timedelta(days=4, hours=6)).astimezone(UTC))
    assert overdue_findings(author, url, campaign["id"]) == 0
    author.goto(f"{url}/w/demo/reports")
    form = author.locator("section.card", has_text=name)
    form.locator("select[name=health]").select_option("at_risk")
    form.locator("textarea[name=progress]").fill("The numbers are in.")
    form.locator("textarea[name=difficulties]").fill("The sponsor is late.")
    form.locator("button:has-text('Submit the report')").click()
    expect(author.locator("section.card", has_text="My recent reports")).to_contain_text(name)

    # The reviewer acknowledges it from their inbox.
    review = browser.new_context().new_page()
    sign_in_as(review, url, reviewer_email, PASSWORD)
    review.goto(f"{url}/w/demo/reports")
    inbox = review.locator("section.card", has_text="Waiting for your acknowledgement")
    expect(inbox).to_contain_text("The sponsor is late.")
    inbox.locator("input[name=comment]").fill("I'll call the sponsor.")
    inbox.locator("button:has-text('Acknowledge')").click()
    expect(review.locator("text=Waiting for your acknowledgement")).to_have_count(0)

    # The next Friday passes without a report: the finding is on; filing turns it off.
    clock.set((monday + timedelta(days=11, hours=9)).astimezone(UTC))
    sign_in_as(author, url, *DEMO)  # a week on: Monday's sign-in (7 days) has expired
    assert overdue_findings(author, url, campaign["id"]) == 1
    author.goto(f"{url}/w/demo/reports")
    form = author.locator("section.card", has_text=name)
    form.locator("select[name=health]").select_option("on_track")
    form.locator("textarea[name=progress]").fill("Late, but done.")
    form.locator("button:has-text('Submit the report')").click()
    assert overdue_findings(author, url, campaign["id"]) == 0
