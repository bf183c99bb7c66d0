"""Funding answers through `app/funding/reads.py` (one Core select per resource): every
reply is the one the ORM object made before (the builders kept here as oracles), and a
list page costs the same statements whatever its size."""

import uuid
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.funding.investor_schemas import InvestorRead
from app.funding.schemas import ContributionRead, TierRead
from app.models import Contribution, FundingGoal, Investor, Member, Tier
from tests.api.helpers import make_campaign, make_member
from tests.factories import Caller, count_statements, created
from tests.money.helpers import cny, usd


def investor_oracle(session: Session, investor_id: str) -> dict[str, Any]:
    session.expire_all()
    investor = session.get(Investor, uuid.UUID(investor_id))
    assert investor is not None
    values: dict[str, Any] = {
        name: getattr(investor, name)
        for name in InvestorRead.model_fields
        if name not in ("ticket", "owner_name")
    }
    owner = investor.owner_member_id and session.get(Member, investor.owner_member_id)
    values["owner_name"] = owner.display_name if owner else None
    values["email"] = investor.email or None
    values["ticket"] = (
        None
        if investor.ticket_minor is None or investor.ticket_currency is None
        else {"amount_minor": investor.ticket_minor, "currency": investor.ticket_currency}
    )
    return InvestorRead.model_validate(values).model_dump(mode="json")


def test_investor_replies_are_the_ones_the_orm_made(owner: Caller, session: Session) -> None:
    full = created(
        owner.post(
            "investors",
            json={
                "name": "Riverbank Angels",
                "contact_name": "Zhao Lei",
                "email": "zhao@example.com",
                "phone": "+86 10 1234 5678",
                "wechat": "zhaolei",
                "stage": "meeting",
                "ticket": cny(50_000_000),
                "next_step": "Send the model",
                "next_step_due_on": "2026-12-05",
                "owner_member_id": make_member(owner)["id"],
                "last_contact_on": "2026-11-20",
                "notes": "Warm intro",
            },
        )
    )
    bare = created(owner.post("investors", json={"name": "Hill Fund"}))
    assert full == investor_oracle(session, full["id"])
    assert bare == investor_oracle(session, bare["id"])
    assert bare["email"] is None
    assert bare["ticket"] is None

    moved = owner.patch(f"investors/{full['id']}", json={"stage": "term_sheet", "ticket": None})
    got = owner.get(f"investors/{full['id']}")
    listed = owner.get("investors").json()["items"]

    assert moved.json() == got.json() == investor_oracle(session, full["id"])
    assert got.headers["etag"] == moved.headers["etag"] != '"1"'
    assert listed == [investor_oracle(session, bare["id"]), investor_oracle(session, full["id"])]


def test_an_investor_page_costs_the_same_statements_whatever_its_size(
    owner: Caller, connection: Connection
) -> None:
    for number in range(12):
        created(owner.post("investors", json={"name": f"Fund {number:02d}", "ticket": cny(100)}))

    statements = count_statements(connection)
    small = owner.get("investors", params={"limit": 2})
    small_count = len(statements)
    statements.clear()
    large = owner.get("investors", params={"limit": 12})

    assert len(small.json()["items"]) == 2
    assert len(large.json()["items"]) == 12
    assert len(statements) == small_count


def tier_oracle(session: Session, tier_id: str) -> dict[str, Any]:
    session.expire_all()
    return TierRead.model_validate(session.get(Tier, uuid.UUID(tier_id))).model_dump(mode="json")


def contribution_oracle(session: Session, contribution_id: str) -> dict[str, Any]:
    session.expire_all()
    contribution = session.get(Contribution, uuid.UUID(contribution_id))
    assert contribution is not None
    values = {
        name: getattr(contribution, name)
        for name in ContributionRead.model_fields
        if name != "amount"
    }
    values["amount"] = {
        "amount_minor": contribution.amount_minor,
        "currency": contribution.currency,
    }
    return ContributionRead.model_validate(values).model_dump(mode="json")


def test_tier_and_contribution_replies_are_the_ones_the_orm_made(
    owner: Caller, session: Session
) -> None:
    campaign = make_campaign(owner, kind="funding")
    tier = created(
        owner.post(
            "tiers",
            json={
                "name": "Backer",
                "kind": "reward",
                "campaign_id": campaign["id"],
                "description": "A print of the poster",
                "amount_type": "flexible",
                "currency": "CNY",
                "preset_amounts_minor": [5000, 10000, 50000],
                "default_amount_minor": 10000,
                "minimum_amount_minor": 2000,
                "interval": "month",
                "quantity_limit": 100,
                "available_from": "2026-11-01T00:00:00Z",
                "available_until": "2027-01-31T23:59:59Z",
                "benefits": [{"kind": "reward", "description": "Poster"}],
                "estimated_delivery_on": "2027-03-01",
            },
        )
    )
    assert tier == tier_oracle(session, tier["id"])
    changed = owner.patch(f"tiers/{tier['id']}", json={"quantity_limit": 50})
    assert changed.json() == owner.get(f"tiers/{tier['id']}").json()
    assert changed.json() == tier_oracle(session, tier["id"])
    assert owner.get("tiers").json()["items"] == [tier_oracle(session, tier["id"])]

    given = created(
        owner.post(
            "contributions",
            json={
                "tier_id": tier["id"],
                "contributor_name": "Li Lei",
                "contributor_contact": "li@example.com",
                "amount": cny(10000),
                "interval": "month",
                "status": "pledged",
                "source": "afdian",
                "external_id": "afd-0001",
            },
        )
    )
    manual = created(
        owner.post("contributions", json={"contributor_name": "Han Mei", "amount": cny(5000)})
    )
    assert given == contribution_oracle(session, given["id"])
    assert given["campaign_id"] == campaign["id"]
    paid = owner.patch(f"contributions/{given['id']}", json={"status": "paid"})
    assert paid.json() == owner.get(f"contributions/{given['id']}").json()
    assert paid.json() == contribution_oracle(session, given["id"])
    listed = owner.get("contributions").json()["items"]
    assert sorted(c["id"] for c in listed) == sorted([given["id"], manual["id"]])
    assert all(c == contribution_oracle(session, c["id"]) for c in listed)


def test_goal_replies_keep_their_fields_and_campaign_progress(
    owner: Caller, session: Session
) -> None:
    campaign = make_campaign(owner, kind="funding")
    goal = created(
        owner.post(
            "funding-goals",
            json={
                "name": "Camera",
                "kind": "one_off",
                "campaign_id": campaign["id"],
                "target": cny(100000),
                "deadline": "2027-01-31",
                "priority": 2,
            },
        )
    )
    owner.post("contributions", json={"contributor_name": "A", "amount": cny(25000)})
    created(
        owner.post(
            "contributions",
            json={"contributor_name": "B", "amount": usd(900), "campaign_id": campaign["id"]},
        )
    )
    created(
        owner.post(
            "contributions",
            json={"contributor_name": "C", "amount": cny(40000), "campaign_id": campaign["id"]},
        )
    )

    session.expire_all()
    stored = session.get(FundingGoal, uuid.UUID(goal["id"]))
    assert stored is not None
    got = owner.get(f"funding-goals/{goal['id']}").json()
    changed = owner.patch(f"funding-goals/{goal['id']}", json={"priority": 1}).json()
    listed = owner.get("funding-goals", params={"campaign_id": campaign["id"]}).json()["items"]

    assert {k: got[k] for k in ("id", "name", "kind", "campaign_id", "deadline", "priority")} == {
        "id": str(stored.id),
        "name": "Camera",
        "kind": "one_off",
        "campaign_id": campaign["id"],
        "deadline": "2027-01-31",
        "priority": 2,
    }
    assert got["target"] == cny(100000)
    assert got["created_at"] == goal["created_at"]
    assert got["progress"] == {  # the campaign's money only, other currencies beside it
        "measure": "paid one-time contributions",
        "raised": cny(40000),
        "percent": 40.0,
        "other_currencies": [usd(900)],
    }
    assert goal["progress"]["raised"] == cny(0)
    assert changed == {**got, "priority": 1, "updated_at": changed["updated_at"]}
    assert listed == [changed]
