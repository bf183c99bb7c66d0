"""Contracts answer through `app/contracts/reads.py` (one Core select): every reply is the
one the ORM object made before (the builder kept here as the oracle), and a list page
costs the same statements whatever its size."""

import uuid
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from app.contracts.schemas import ContractRead, ReminderRead
from app.contracts.terms import reminder_timeline
from app.core.clock import SettableClock
from app.models import Contract, Member
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, count_statements, created
from tests.money.helpers import cny, make_deal, make_partner
from tests.money.test_contracts import make_contract, scan_at


def oracle(session: Session, contract_id: str) -> dict[str, Any]:
    """The reply as the ORM-based builder made it before the read path."""
    session.expire_all()
    contract = session.get(Contract, uuid.UUID(contract_id))
    assert contract is not None
    values: dict[str, Any] = {
        name: getattr(contract, name)
        for name in ContractRead.model_fields
        if name not in {"value", "reminders", "owner_name"}
    }
    owner = contract.owner_member_id and session.get(Member, contract.owner_member_id)
    values["owner_name"] = owner.display_name if owner else None
    values["value"] = (
        None
        if contract.value_minor is None or contract.value_currency is None
        else {"amount_minor": contract.value_minor, "currency": contract.value_currency}
    )
    deadline, sent_until = contract.notice_deadline, contract.reminded_for
    values["reminders"] = (
        []
        if deadline is None
        else [
            ReminderRead(
                on=r.on,
                kind=r.kind,
                days_before=r.days_before,
                sent=sent_until is not None and r.on <= sent_until,
            )
            for r in reminder_timeline(deadline, contract.lead_days)
        ]
    )
    return ContractRead.model_validate(values).model_dump(mode="json")


def test_every_reply_is_the_one_the_orm_made(
    owner: Caller,
    session: Session,
    clock: SettableClock,
    session_factory: sessionmaker[Session],
) -> None:
    campaign = make_campaign(owner)
    assign(owner, make_member(owner), seeded(owner, "roles", "legal_affairs"), "accountable")
    partner = make_partner(owner)
    parent = make_contract(owner, title="Framework")
    full = {
        "partner_id": partner["id"],
        "counterparty_signatory": "Wang Fang",
        "signatory_member_id": make_member(owner)["id"],
        "owner_member_id": make_member(owner)["id"],
        "campaign_id": campaign["id"],
        "deal_id": make_deal(owner, partner)["id"],
        "parent_contract_id": parent["id"],
        "value": cny(6_000_000),
        "payment_schedule": "Half on signing",
        "governing_law": "PRC law",
        "confidentiality_until": "2029-12-31",
        "notes": "Amendment 1",
    }

    created_reply = make_contract(owner, **full)
    contract_id = created_reply["id"]
    assert created_reply == oracle(session, contract_id)
    signed = owner.patch(f"contracts/{contract_id}", json={"status": "signed"})
    assert signed.json() == oracle(session, contract_id)
    scan_at(clock, session_factory, "2027-01-20")  # the first reminders are sent
    got = owner.get(f"contracts/{contract_id}").json()
    assert got == oracle(session, contract_id)
    decision = {"decision": "renegotiate", "note": "Ask for more"}
    decided = owner.post(f"contracts/{contract_id}/decision", json=decision).json()
    listed = owner.get("contracts", params={"campaign_id": campaign["id"]}).json()["items"]

    assert got["value"] == cny(6_000_000)
    assert got["signoff_scope_id"] is not None
    assert [r["sent"] for r in got["reminders"]] == [True, False, False, False]
    assert decided == oracle(session, contract_id)
    assert decided["decision"] == "renegotiate"
    assert listed == [decided]
    assert owner.get(f"contracts/{parent['id']}").json() == oracle(session, parent["id"])


def test_a_list_page_costs_the_same_statements_whatever_its_size(
    owner: Caller, connection: Connection
) -> None:
    for number in range(12):
        created(
            owner.post(
                "contracts",
                json={"title": f"Contract {number}", "type": "nda", "value": cny(100 * number)},
            )
        )

    statements = count_statements(connection)
    small = owner.get("contracts", params={"limit": 2})
    small_count = len(statements)
    statements.clear()
    large = owner.get("contracts", params={"limit": 12})

    assert len(small.json()["items"]) == 2
    assert len(large.json()["items"]) == 12
    assert len(statements) == small_count
