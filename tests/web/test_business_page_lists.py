"""The business pages show a page at a time (issue 9, "Pages"): the deals board, partners,
contracts, funding, IP, webhooks, trainings, invites and reports make the same API calls
for a few rows as for many, show the API's first page, and "Show more" brings exactly the
rest (with htmx as a fragment of rows, without it as the page at the next cursor).

Pages here are three rows long (`small_pages`), so a few rows already fill several."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.vocabulary import InvestorStage
from app.web import paging
from tests.api.helpers import make_campaign
from tests.api.test_webhooks import HOOK, register
from tests.factories import Caller, created
from tests.money.helpers import cny, make_deal, make_partner, stages
from tests.money.test_contracts import make_contract
from tests.money.test_ip_assets import WORK
from tests.web.conftest import Browser
from tests.web.test_page_call_bounds import api_calls as calls_with_queries
from tests.web.test_page_calls import calls_before_and_after

SHOWN = 3
MORE = re.compile(r'hx-get="([^"]+cursor=[^"]+)"')


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "PAGE_SIZE", SHOWN)


def more_url(html: str) -> str:
    """The address behind the (only) "Show more" link of `html`."""
    found = MORE.findall(html)
    assert len(found) == 1, found
    return str(found[0]).replace("&amp;", "&")


def shown_then_rest(
    web: Browser, path: str, names: Callable[[str], list[str]]
) -> tuple[list[str], list[str]]:
    """The names the page shows, then those its "Show more" fragment brings, which must be
    rows only (no page around them) and the last ones (no further link)."""
    page = web.get(web.page(path)).text
    rest = web.get(more_url(page), headers={"HX-Request": "true"})
    assert rest.status_code == 200
    assert "<html" not in rest.text
    assert not MORE.search(rest.text)
    return names(page), names(rest.text)


def api_titles(owner: Caller, path: str, key: str, **params: Any) -> list[str]:
    """The first page of an API list, as the page should show it."""
    reply = owner.get(path, params={"limit": SHOWN, **params}).json()
    return [str(item[key]) for item in reply["items"]]


def one_page_asked(
    web: Browser, caplog: pytest.LogCaptureFixture, path: str, listed: str
) -> list[str]:
    """The page's calls of the API list `listed` (e.g. "/deals?"): each asks for one page."""
    calls = [c for c in calls_with_queries(web, caplog, path) if listed in c]
    assert calls
    assert all(f"limit={SHOWN}" in call for call in calls), calls
    return calls


def deal_titles(html: str) -> list[str]:
    return re.findall(r"<strong>(Deal \d\d)</strong>", html)


def test_the_deals_board_makes_the_same_calls_for_one_deal_as_for_many(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    partner = make_partner(owner)
    make_deal(owner, partner, title="Deal 00")

    def seven_more() -> None:
        for i in range(1, 8):
            make_deal(owner, partner, title=f"Deal {i:02d}")

    before, after = calls_before_and_after(web, caplog, "/deals", seven_more)

    assert before == after
    assert not any(call.endswith("/pipeline-stages") for call in after)
    assert len(one_page_asked(web, caplog, "/deals", "/deals?")) == len(stages(owner))


@pytest.fixture
def five_leads(owner: Caller) -> list[str]:
    """Five deals of one partner, all in the first stage (Lead)."""
    partner = make_partner(owner)
    titles = [f"Deal {i:02d}" for i in range(5)]
    for title in titles:
        make_deal(owner, partner, title=title)
    return titles


def test_a_board_column_shows_its_first_deals_its_count_and_the_rest_on_demand(
    web: Browser, owner: Caller, five_leads: list[str]
) -> None:
    lead = stages(owner)["Lead"]["id"]

    page = web.get(web.page("/deals")).text
    shown, rest = shown_then_rest(web, "/deals", deal_titles)

    assert shown == api_titles(owner, "deals", "title", stage_id=lead)
    assert sorted(shown + rest) == five_leads
    assert re.search(r'id="col-[^"]+">Lead <span class="muted">5 ·', page)
    assert f"stage={lead}" in more_url(page)


def test_without_htmx_show_more_opens_the_board_with_that_column_further_on(
    web: Browser, five_leads: list[str]
) -> None:
    first = web.get(web.page("/deals")).text
    following = web.get(more_url(first)).text

    assert "<html" in following
    assert sorted(deal_titles(first) + deal_titles(following)) == five_leads


@dataclass(frozen=True)
class Listed:
    """A page that lists a workspace's collection in a table."""

    path: str  # the page
    api: str  # the API list it shows, and the field it names each row by
    key: str
    add: Callable[[Caller, str], object]  # adds one, named so
    row: str  # a row's name on the page, as a pattern

    def names(self, html: str) -> list[str]:
        return re.findall(self.row, html)

    def add_many(self, owner: Caller, numbers: range) -> list[str]:
        names = [self.name(i) for i in numbers]
        for name in names:
            self.add(owner, name)
        return names

    def name(self, i: int) -> str:
        return f"{HOOK}/{i:02d}" if self.key == "url" else f"Item {i:02d}"


def add_asset(owner: Caller, title: str) -> dict[str, Any]:
    owners = [{"name": "Lantern Studio", "share_percent": 100}]
    return created(owner.post("ip-assets", json={**WORK, "title": title, "owners": owners}))


TABLES = {
    "partners": Listed(
        "/partners", "partners", "name", lambda o, n: make_partner(o, name=n), r"<td>(Item \d\d)"
    ),
    "contracts": Listed(
        "/contracts",
        "contracts",
        "title",
        lambda o, n: make_contract(o, title=n),
        r">(Item \d\d)</a></td>",
    ),
    "ip": Listed("/ip", "ip-assets", "title", add_asset, r">(Item \d\d)</a></td>"),
    "webhooks": Listed(
        "/settings/webhooks",
        "webhook-endpoints",
        "url",
        lambda o, n: register(o, url=n),
        rf">({re.escape(HOOK)}/\d\d)</a>",
    ),
}


@pytest.mark.parametrize("listed", TABLES.values(), ids=TABLES.keys())
def test_a_list_page_makes_the_same_calls_for_one_row_as_for_many(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, listed: Listed
) -> None:
    listed.add_many(owner, range(1))

    before, after = calls_before_and_after(
        web, caplog, listed.path, lambda: listed.add_many(owner, range(1, 8))
    )

    assert before == after
    assert len(one_page_asked(web, caplog, listed.path, f"/{listed.api}?")) == 1


@pytest.mark.parametrize("listed", TABLES.values(), ids=TABLES.keys())
def test_a_list_page_shows_the_first_rows_and_the_rest_on_demand(
    web: Browser, owner: Caller, listed: Listed
) -> None:
    names = listed.add_many(owner, range(5))

    shown, rest = shown_then_rest(web, listed.path, listed.names)

    assert shown == api_titles(owner, listed.api, listed.key)
    assert sorted(shown + rest) == names


def add_investor(owner: Caller, name: str) -> object:
    return created(owner.post("investors", json={"name": name, "stage": "meeting"}))


def add_goal(owner: Caller, name: str) -> object:
    body = {"name": name, "kind": "one_off", "target": cny(100000), "priority": 1}
    return created(owner.post("funding-goals", json=body))


def investor_names(html: str) -> list[str]:
    return re.findall(r"<strong>(Investor \d\d)</strong>", html)


def goal_names(html: str) -> list[str]:
    return re.findall(r"<strong>(Goal \d\d)</strong>", html)


def test_the_funding_page_makes_the_same_calls_for_one_investor_and_goal_as_for_many(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    add_investor(owner, "Investor 00")
    add_goal(owner, "Goal 00")

    def seven_more_of_each() -> None:
        for i in range(1, 8):
            add_investor(owner, f"Investor {i:02d}")
            add_goal(owner, f"Goal {i:02d}")

    before, after = calls_before_and_after(web, caplog, "/funding", seven_more_of_each)

    assert before == after
    assert len(one_page_asked(web, caplog, "/funding", "/investors?")) == len(InvestorStage)
    assert len(one_page_asked(web, caplog, "/funding", "/funding-goals?")) == 1


def test_an_investor_column_shows_its_first_investors_its_count_and_the_rest_on_demand(
    web: Browser, owner: Caller
) -> None:
    for i in range(5):
        add_investor(owner, f"Investor {i:02d}")

    page = web.get(web.page("/funding")).text
    shown, rest = shown_then_rest(web, "/funding", investor_names)

    assert shown == api_titles(owner, "investors", "name", stage="meeting")
    assert sorted(shown + rest) == [f"Investor {i:02d}" for i in range(5)]
    assert re.search(r'id="inv-col-meeting">[^<]+<span class="muted">5</span>', page)
    assert "stage=meeting" in more_url(page)


def test_the_funding_goals_show_the_first_ones_and_the_rest_on_demand(
    web: Browser, owner: Caller
) -> None:
    for i in range(5):
        add_goal(owner, f"Goal {i:02d}")

    shown, rest = shown_then_rest(web, "/funding", goal_names)

    assert shown == api_titles(owner, "funding-goals", "name")
    assert sorted(shown + rest) == [f"Goal {i:02d}" for i in range(5)]


def add_training(owner: Caller, title: str) -> object:
    return created(
        owner.post("trainings", json={"member_id": str(owner.member_id), "title": title})
    )


def add_invite(owner: Caller, email: str) -> object:
    return created(owner.post("invites", json={"email": email, "access": "viewer"}))


def add_schedule(owner: Caller, name: str) -> object:
    campaign = make_campaign(owner, name=name, lead_member_id=str(owner.member_id))
    body = {"campaign_id": campaign["id"], "author_member_ids": [str(owner.member_id)]}
    return created(owner.post("report-schedules", json=body))


@dataclass(frozen=True)
class Section:
    """A list in a section of a page, and how the page names each of its items."""

    path: str
    api: str
    params: dict[str, Any]
    listed: str  # what its API calls contain
    add: Callable[[Caller, str], object]
    key: str
    item: str  # one item on the page, as a pattern

    def names(self, html: str) -> list[str]:
        return re.findall(self.item, html)

    def shown_as(self, name: str) -> str:
        return invite_email(name) if self.api == "invites" else name


def invite_email(name: str) -> str:
    return f"{name.replace(' ', '-').lower()}@example.com"


SECTIONS = {
    "planned trainings": Section(
        "/trainings",
        "trainings",
        {"completed": False},
        "completed=false",
        add_training,
        "title",
        r"<li><strong>(Item \d\d)</strong>",
    ),
    "pending invites": Section(
        "/settings",
        "invites",
        {"pending": True},
        "/invites?",
        lambda o, n: add_invite(o, invite_email(n)),
        "email",
        r"<li>(item-\d\d@example\.com) ·",
    ),
    "my report schedules": Section(
        "/reports",
        "report-schedules",
        {},
        "/report-schedules?",
        add_schedule,
        "campaign_name",
        r"<h2>(Item \d\d) ·",
    ),
}


@pytest.mark.parametrize("section", SECTIONS.values(), ids=SECTIONS.keys())
def test_a_section_makes_the_same_calls_for_one_item_as_for_many(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, section: Section
) -> None:
    section.add(owner, "Item 00")

    def seven_more() -> None:
        for i in range(1, 8):
            section.add(owner, f"Item {i:02d}")

    before, after = calls_before_and_after(web, caplog, section.path, seven_more)

    assert before == after
    assert len(one_page_asked(web, caplog, section.path, section.listed)) == 1


@pytest.mark.parametrize("section", SECTIONS.values(), ids=SECTIONS.keys())
def test_a_section_shows_its_first_items_and_the_rest_on_demand(
    web: Browser, owner: Caller, section: Section
) -> None:
    for i in range(5):
        section.add(owner, f"Item {i:02d}")

    shown, rest = shown_then_rest(web, section.path, section.names)

    assert shown == api_titles(owner, section.api, section.key, **section.params)
    assert sorted(shown + rest) == [section.shown_as(f"Item {i:02d}") for i in range(5)]


def test_the_reports_inbox_asks_for_one_page(
    web: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    assert len(one_page_asked(web, caplog, "/reports", "awaiting_my_acknowledgement")) == 1


@pytest.mark.parametrize("listed", TABLES.values(), ids=TABLES.keys())
def test_without_htmx_show_more_opens_the_list_at_its_next_rows(
    web: Browser, owner: Caller, listed: Listed
) -> None:
    names = listed.add_many(owner, range(5))

    first = web.get(web.page(listed.path)).text
    following = web.get(more_url(first))

    assert following.status_code == 200
    assert "<html" in following.text
    assert sorted(listed.names(first) + listed.names(following.text)) == names


def test_without_htmx_the_contract_registers_next_rows_keep_its_status_filter(
    web: Browser, owner: Caller
) -> None:
    for i in range(5):
        make_contract(owner, title=f"Item {i:02d}")
    other = make_contract(owner, title="Item 99")
    moved = owner.patch(f"contracts/{other['id']}", json={"status": "in_review"})
    assert moved.status_code == 200, moved.text

    first = web.get(web.page("/contracts"), params={"status": "draft"}).text
    link = more_url(first)
    following = web.get(link).text

    assert "status=draft" in link
    shown = TABLES["contracts"].names(first) + TABLES["contracts"].names(following)
    assert sorted(shown) == [f"Item {i:02d}" for i in range(5)]
