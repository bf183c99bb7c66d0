"""A list of one parent's items on the parent's page (a deal's moves and contracts, a
contract's obligations, an asset's licence grants): one API call, "Show more" past it.

Lists here are three items long (`small_parent_lists`), so a few items already fill several."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from app.web import paging
from tests.factories import Caller, created
from tests.money.helpers import make_deal, move
from tests.money.test_contracts import make_contract
from tests.web.conftest import Browser
from tests.web.test_business_page_lists import (
    SHOWN,
    add_asset,
    api_titles,
    one_page_asked,
    shown_then_rest,
)
from tests.web.test_page_calls import calls_before_and_after


@pytest.fixture
def small_parent_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "ONE_PARENT_SIZE", SHOWN)


@dataclass(frozen=True)
class OfOne:
    """A list of one parent's items on the parent's page (one call, "Show more" past it)."""

    api: str
    parent_key: str  # the API list's filter naming the parent
    key: str
    item: str  # one item on the page, as a pattern

    def names(self, html: str) -> list[str]:
        return re.findall(self.item, html)


def parent_of(owner: Caller, kind: str) -> tuple[str, str, Callable[[str], object]]:
    """A new parent of `kind`: its page, its id, and how to add a named item to it."""
    if kind == "obligations":
        contract = make_contract(owner, title="Venue hire")

        def obligation(name: str) -> object:
            body = {"contract_id": contract["id"], "description": name, "due_on": "2026-12-01"}
            return created(owner.post("obligations", json=body))

        return f"/contracts/{contract['id']}", contract["id"], obligation
    if kind == "grants":
        asset = add_asset(owner, "Hidden Crafts")

        def grant(name: str) -> object:
            body = {"ip_asset_id": asset["id"], "licensee": name}
            return created(owner.post("licence-grants", json=body))

        return f"/ip/{asset['id']}", asset["id"], grant
    deal = make_deal(owner, title="Season 2")

    def deal_contract(name: str) -> object:
        return make_contract(owner, title=name, deal_id=deal["id"])

    return f"/deals/{deal['id']}", deal["id"], deal_contract


OF_ONE = {
    "obligations": OfOne(
        "obligations", "contract_id", "description", r'<li class="obligation">(Item \d\d) ·'
    ),
    "grants": OfOne("licence-grants", "ip_asset_id", "licensee", r">(Item \d\d)</a> ·"),
    "deal contracts": OfOne("contracts", "deal_id", "title", r"<strong>(Item \d\d)</strong>"),
}


@pytest.mark.parametrize("kind", OF_ONE.keys())
@pytest.mark.usefixtures("small_parent_lists")
def test_a_parents_page_shows_its_items_in_one_call_and_the_rest_on_demand(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    listed = OF_ONE[kind]
    path, parent_id, add = parent_of(owner, kind)
    add("Item 00")

    def four_more() -> None:
        for i in range(1, 5):
            add(f"Item {i:02d}")

    before, after = calls_before_and_after(web, caplog, path, four_more)
    shown, rest = shown_then_rest(web, path, listed.names)

    assert before == after
    assert len(one_page_asked(web, caplog, path, f"/{listed.api}?")) == 1
    assert shown == api_titles(owner, listed.api, listed.key, **{listed.parent_key: parent_id})
    assert sorted(shown + rest) == [f"Item {i:02d}" for i in range(5)]


@pytest.mark.usefixtures("small_parent_lists")
def test_a_deals_page_shows_its_stage_history_in_one_call_and_the_rest_on_demand(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    deal = make_deal(owner, title="Season 2")
    for stage in ("Contacted", "Pitched", "Negotiating", "Contract sent"):
        assert move(owner, deal, stage).status_code == 200
    path = f"/deals/{deal['id']}"

    shown, rest = shown_then_rest(web, path, moves)

    assert len(one_page_asked(web, caplog, path, "/stages?")) == 1
    assert shown == ["Created in Lead", "Lead → Contacted", "Contacted → Pitched"]
    assert rest == ["Pitched → Negotiating", "Negotiating → Contract sent"]


def moves(html: str) -> list[str]:
    return re.findall(r"<li>[^<]* — ([^<]+?)(?: · [^<]*)?</li>", html)
