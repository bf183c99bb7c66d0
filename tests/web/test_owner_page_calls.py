"""Pages that name owners read the names from the replies (issue 9): the funding page, its
investor board, the contract register and a contract's page make the same API calls for a
team of thirty as for a team of one, never list the members, and still name each owner."""

import logging

import pytest

from tests.api.helpers import make_member
from tests.factories import Caller, created
from tests.money.test_contracts import make_contract
from tests.web.conftest import Browser
from tests.web.test_member_pickers import options
from tests.web.test_page_calls import calls_before_and_after_thirty_more_members


def test_the_funding_page_makes_as_many_api_calls_for_thirty_members_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    keeper = make_member(owner, display_name="Keeper Zhao")
    created(owner.post("investors", json={"name": "Riverbank", "owner_member_id": keeper["id"]}))

    before, after = calls_before_and_after_thirty_more_members(web, caplog, owner, "/funding")
    page = web.get(web.page("/funding")).text

    assert before == after
    assert not any(call.endswith("/members") for call in after)
    assert "Keeper Zhao" in page
    assert "Member 00" not in page


def test_a_move_on_the_investor_board_names_the_owner_without_listing_the_members(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    keeper = make_member(owner, display_name="Keeper Zhao")
    investor = created(
        owner.post(
            "investors",
            json={"name": "Riverbank", "stage": "meeting", "owner_member_id": keeper["id"]},
        )
    )
    caplog.clear()

    with caplog.at_level(logging.INFO, logger="troupe.access"):
        moved = web.htmx_post(
            web.page(f"/investors/{investor['id']}/stage"), {"stage": "committed"}
        )
    calls = [
        r.getMessage().split()[1].split("?")[0]
        for r in caplog.records
        if " /api/" in r.getMessage()
    ]

    assert moved.status_code == 200
    assert "Keeper Zhao" in moved.text
    assert calls
    assert not any(call.endswith("/members") for call in calls)


def test_the_contract_register_makes_as_many_api_calls_for_thirty_members_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    keeper = make_member(owner, display_name="Keeper Zhao")
    make_contract(owner, title="Venue hire", owner_member_id=keeper["id"])

    before, after = calls_before_and_after_thirty_more_members(web, caplog, owner, "/contracts")
    page = web.get(web.page("/contracts")).text

    assert before == after
    assert not any(call.endswith("/members") for call in after)
    assert "<td>Keeper Zhao</td>" in page


def test_a_contracts_page_makes_as_many_api_calls_for_thirty_members_as_for_one(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    keeper = make_member(owner, display_name="Keeper Zhao")
    courier = make_member(owner, display_name="Courier Qian")
    contract = make_contract(owner, title="Venue hire", owner_member_id=keeper["id"])
    body = {
        "contract_id": contract["id"],
        "description": "Send the logo",
        "due_on": "2026-12-01",
        "owner_member_id": courier["id"],
    }
    created(owner.post("obligations", json=body))
    path = f"/contracts/{contract['id']}"

    before, after = calls_before_and_after_thirty_more_members(web, caplog, owner, path)
    page = web.get(web.page(path)).text

    assert before == after
    assert not any(call.endswith("/members") for call in after)
    assert "<dd>Keeper Zhao</dd>" in page
    assert "Send the logo" in page
    assert "· Courier Qian" in page
    assert "Member 00" not in page
    assert options(page, "owner_member_id") == ["The contract's owner"]
