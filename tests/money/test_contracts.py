"""The contracts register: terms checked, the reminder timeline run by the job with a set
clock, escalation when a notice deadline passes undecided, automatic renewals, findings."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from app.jobs.runner import run_due_jobs
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, created
from tests.money.helpers import make_deal, stages

# Ends 2027-03-31 with one month's notice: decide by 2027-02-28 (no 31 February).
TERMS = {
    "title": "Lumen sponsorship",
    "type": "sponsorship",
    "effective_on": "2026-04-01",
    "end_on": "2027-03-31",
    "renewal": "manual",
    "notice_period": 1,
    "notice_period_unit": "months",
    "lead_days": 45,
}


def make_contract(caller: Caller, **fields: Any) -> dict[str, Any]:
    return created(caller.post("contracts", json={**TERMS, **fields}))


def refused_field(response: Any) -> str:
    assert response.status_code == 422, response.text
    return str(response.json()["errors"][0]["loc"][-1])


def scan_at(clock: SettableClock, session_factory: sessionmaker[Session], day: str) -> None:
    clock.set(datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC))
    report = run_due_jobs(session_factory, clock=clock, kinds=["contracts.scan"])
    assert not report.failed


def reminders(caller: Caller, contract: dict[str, Any]) -> list[tuple[str, str]]:
    found = caller.get(
        "activities",
        params={"subject_type": "contract", "subject_id": contract["id"], "limit": 200},
    ).json()["items"]
    sent = ("contract.notice_reminder", "contract.escalated", "contract.renewed")
    return sorted((a["occurred_at"][:10], a["verb"]) for a in found if a["verb"] in sent)


def test_notice_deadline_counts_back_over_the_month_end(owner: Caller) -> None:
    contract = make_contract(owner)

    assert contract["notice_deadline"] == "2027-02-28"
    assert [(r["on"], r["kind"]) for r in contract["reminders"]] == [
        ("2027-01-14", "lead"),
        ("2027-01-29", "30_days"),
        ("2027-02-21", "7_days"),
        ("2027-02-27", "1_day"),
    ]


def test_a_renewal_without_an_end_date_is_refused(owner: Caller) -> None:
    response = owner.post("contracts", json={**TERMS, "end_on": None})

    assert refused_field(response) == "end_on"
    assert owner.get("contracts").json()["items"] == []


def test_a_notice_period_longer_than_the_term_is_refused(owner: Caller) -> None:
    response = owner.post("contracts", json={**TERMS, "notice_period": 13})

    assert refused_field(response) == "notice_period"


def test_an_automatic_renewal_needs_its_term(owner: Caller) -> None:
    response = owner.post("contracts", json={**TERMS, "renewal": "automatic"})

    assert refused_field(response) == "renewal_term_months"


def test_reminders_arrive_at_each_step_once_then_the_lead_is_escalated_to(
    owner: Caller, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    lead = make_member(owner)
    campaign = make_campaign(owner, lead_member_id=lead["id"])
    legal = make_member(owner)
    assert (
        assign(owner, legal, seeded(owner, "roles", "legal_affairs"), "accountable").status_code
        == 201
    )
    owner_member = make_member(owner)
    contract = make_contract(owner, campaign_id=campaign["id"], owner_member_id=owner_member["id"])
    owner.patch(f"contracts/{contract['id']}", json={"status": "signed"})

    for day in ("2027-01-13", "2027-01-14", "2027-01-14", "2027-01-20", "2027-02-21"):
        scan_at(clock, session_factory, day)
    scan_at(clock, session_factory, "2027-03-01")
    scan_at(clock, session_factory, "2027-03-02")

    assert reminders(owner, contract) == [
        ("2027-01-14", "contract.notice_reminder"),  # the owner
        ("2027-01-14", "contract.notice_reminder"),  # the legal role
        ("2027-02-21", "contract.notice_reminder"),
        ("2027-02-21", "contract.notice_reminder"),
        ("2027-03-01", "contract.escalated"),
    ]
    escalation = owner.get("activities", params={"verb": "contract.escalated"}).json()["items"][0]
    assert escalation["member_id"] == lead["id"]
    timeline = owner.get(f"contracts/{contract['id']}").json()["reminders"]
    assert [r["sent"] for r in timeline] == [True, True, True, False]


def test_a_decision_stops_the_reminders(
    owner: Caller, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    contract = make_contract(owner, owner_member_id=make_member(owner)["id"])
    owner.patch(f"contracts/{contract['id']}", json={"status": "signed"})
    decided = owner.post(f"contracts/{contract['id']}/decision", json={"decision": "terminate"})

    for day in ("2027-01-14", "2027-02-27", "2027-03-05"):
        scan_at(clock, session_factory, day)

    assert decided.json()["decision"] == "terminate"
    verbs = {verb for _day, verb in reminders(owner, contract)}
    assert "contract.notice_reminder" not in verbs
    assert "contract.escalated" not in verbs


def test_an_automatic_renewal_rolls_over_at_the_end_date(
    owner: Caller, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    contract = make_contract(owner, renewal="automatic", renewal_term_months=12)
    owner.patch(f"contracts/{contract['id']}", json={"status": "signed"})
    owner.patch(f"contracts/{contract['id']}", json={"status": "active"})

    scan_at(clock, session_factory, "2027-04-01")

    renewed = owner.get(f"contracts/{contract['id']}").json()
    assert renewed["status"] == "renewed"
    assert renewed["end_on"] == "2028-03-31"
    assert renewed["notice_deadline"] == "2028-02-29"  # leap year
    assert ("2027-04-01", "contract.renewed") in reminders(owner, contract)


def test_a_manual_contract_expires_at_its_end(
    owner: Caller, clock: SettableClock, session_factory: sessionmaker[Session]
) -> None:
    contract = make_contract(owner)
    owner.patch(f"contracts/{contract['id']}", json={"status": "signed"})

    scan_at(clock, session_factory, "2027-04-01")

    assert owner.get(f"contracts/{contract['id']}").json()["status"] == "expired"


def test_signing_is_along_the_life_cycle_and_dated(owner: Caller, clock: SettableClock) -> None:
    contract = make_contract(owner)

    signed = owner.patch(f"contracts/{contract['id']}", json={"status": "signed"})
    back = owner.patch(f"contracts/{contract['id']}", json={"status": "draft"})

    assert signed.json()["signed_on"] == "2026-11-30"
    assert back.status_code == 409


def test_findings_notice_due_and_unsigned_contract_on_a_won_deal(
    owner: Caller, clock: SettableClock
) -> None:
    due = make_contract(owner, end_on="2027-01-15", notice_period=30, notice_period_unit="days")
    owner.patch(f"contracts/{due['id']}", json={"status": "signed"})
    deal = make_deal(owner, stage_id=stages(owner)["Won"]["id"])
    unsigned = make_contract(
        owner, title="Unsigned", deal_id=deal["id"], renewal="none", notice_period=None
    )

    findings = owner.get("contracts/health").json()["findings"]

    assert {(f["code"], f["contract_id"]) for f in findings} == {
        ("contract_notice_due", due["id"]),
        ("unsigned_contract_on_active_deal", unsigned["id"]),
    }


def test_an_active_campaign_on_an_expired_contract_is_found(owner: Caller) -> None:
    campaign = make_campaign(owner, status="active")
    contract = make_contract(
        owner, campaign_id=campaign["id"], effective_on="2025-01-01", end_on="2026-06-30"
    )
    owner.patch(f"contracts/{contract['id']}", json={"status": "signed"})

    codes = [f["code"] for f in owner.get("contracts/health").json()["findings"]]

    assert "contract_expired_in_use" in codes
