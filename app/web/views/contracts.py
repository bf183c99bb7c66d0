"""What the contract register and a contract's page show (app/contracts/schemas.py,
obligation_schemas.py and health.py's replies)."""

from dataclasses import dataclass
from datetime import date

from app.core.money import Money
from app.vocabulary import (
    ContractStatus,
    ContractType,
    Decision,
    ObligationRecurrence,
    ObligationStatus,
    Renewal,
    Severity,
)
from app.web.views import View

SIGNOFF_UNASSIGNED = "contract_signoff_unassigned"


class ContractRow(View):
    """A contract in the register."""

    id: str
    title: str
    type: ContractType
    status: ContractStatus
    owner_member_id: str | None
    owner_name: str | None
    end_on: date | None
    notice_deadline: date | None
    decision: Decision | None


class Reminder(View):
    on: date
    days_before: int
    sent: bool


class Contract(ContractRow):
    """A contract on its own page."""

    campaign_id: str | None
    deal_id: str | None
    signoff_scope_id: str | None
    effective_on: date | None
    renewal: Renewal
    renewal_term_months: int | None
    reminders: list[Reminder]
    value: Money | None
    signed_on: date | None
    decision_note: str


class Finding(View):
    """Something about a contract that needs attention (the contracts' health)."""

    code: str
    severity: Severity
    message: str
    contract_id: str


class ContractsHealth(View):
    findings: list[Finding]


class Obligation(View):
    id: str
    description: str
    owner_member_id: str | None
    owner_name: str | None
    due_on: date
    recurrence: ObligationRecurrence
    status: ObligationStatus


class Accountable(View):
    """The active accountable assignment of the sign-off scope."""

    member_name: str
    role_name: str


@dataclass(frozen=True)
class Signoff:
    """Who is accountable for the sign-off, and why nobody is (the contracts' finding)."""

    accountable: Accountable | None
    finding: Finding | None
