"""Deal findings: `deal_stalled` and `deal_without_owner`, by the injected clock."""

from datetime import timedelta
from typing import Any

from app.core.clock import SettableClock
from tests.api.helpers import make_member
from tests.factories import Caller
from tests.money.helpers import make_deal, move


def codes(caller: Caller, **params: Any) -> list[tuple[str, str]]:
    findings = caller.get("deals/health", params=params).json()["findings"]
    return [(f["code"], f["deal_id"]) for f in findings]


def test_a_deal_without_an_owner_is_found(owner: Caller) -> None:
    orphan = make_deal(owner)
    make_deal(owner, owner_member_id=make_member(owner)["id"])

    assert codes(owner) == [("deal_without_owner", orphan["id"])]


def test_a_deal_that_neither_moves_nor_plans_a_next_step_stalls(
    owner: Caller, clock: SettableClock
) -> None:
    member = make_member(owner)
    quiet = make_deal(owner, owner_member_id=member["id"])
    planned = make_deal(
        owner,
        owner_member_id=member["id"],
        next_step="Send the deck",
        next_step_due_on="2026-12-30",
    )
    clock.advance(timedelta(days=13))
    assert codes(owner) == []

    clock.advance(timedelta(days=1))
    assert codes(owner) == [("deal_stalled", quiet["id"])]

    clock.advance(timedelta(days=30))  # the planned step is now overdue too
    assert set(codes(owner)) == {("deal_stalled", quiet["id"]), ("deal_stalled", planned["id"])}


def test_moving_a_deal_or_closing_it_clears_the_stall(owner: Caller, clock: SettableClock) -> None:
    member = make_member(owner)
    moving = make_deal(owner, owner_member_id=member["id"])
    closing = make_deal(owner, owner_member_id=member["id"])
    clock.advance(timedelta(days=20))

    move(owner, moving, "Pitched")
    move(owner, closing, "Won")

    assert codes(owner) == []
    assert codes(owner, stalled_after_days=1) == []


def test_findings_are_said_in_the_callers_language(owner: Caller) -> None:
    make_deal(owner, title="春季巡演赞助")

    finding = owner.get("deals/health", headers={"Accept-Language": "zh-CN"}).json()["findings"][0]

    assert finding["severity"] == "warning"
    assert "春季巡演赞助" in finding["message"]
