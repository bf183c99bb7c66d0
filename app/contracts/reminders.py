"""The contract scan: reminders before each notice deadline (to the owner and the members
holding the legal role), an escalation to the campaign lead once a deadline passes with
no decision, and roll-over or expiry at the end date. Idempotent: what was sent is stored
on the contract (`reminded_for`, `escalated_at`), so a late or repeated scan sends once."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.activity.reasons import register_reason
from app.contracts.terms import notice_deadline, reminder_timeline
from app.core.i18n import N_
from app.models import Assignment, Campaign, Contract, Role, Workspace
from app.models.contract import ContractStatus, Decision, Renewal
from app.models.enums import AssignmentStatus

LEGAL_ROLE = "legal_affairs"
LIVE = (
    ContractStatus.signed,
    ContractStatus.active,
    ContractStatus.expiring,
    ContractStatus.renewed,
)
LONGEST_LEAD = timedelta(days=366)
NOTICE_REMINDER = register_reason(
    "contract_notice_reminder",
    N_("Notice deadline {deadline}: {days} days left to decide (renew, renegotiate or terminate)."),
)
ESCALATED = register_reason(
    "contract_notice_passed",
    N_("The notice deadline {deadline} passed with no decision recorded."),
)
ROLLED_OVER = register_reason(
    "contract_rolled_over", N_("Renewed automatically for {months} months, until {end}.")
)


# (workspace, campaign or None for workspace-wide) → legal role holders active today
LegalHolders = dict[tuple[uuid.UUID, uuid.UUID | None], list[uuid.UUID]]


def _legal_holders(session: Session, workspace_ids: set[uuid.UUID], on: date) -> LegalHolders:
    """Everyone holding the legal role in these workspaces, in one statement."""
    holders: LegalHolders = {}
    if not workspace_ids:
        return holders
    rows = session.execute(
        select(Assignment.workspace_id, Assignment.campaign_id, Assignment.member_id)
        .join(Role, Role.id == Assignment.role_id)
        .where(
            Assignment.workspace_id.in_(workspace_ids),
            Role.key == LEGAL_ROLE,
            Assignment.status == AssignmentStatus.active,
            Assignment.starts_on <= on,
            or_(Assignment.ends_on.is_(None), Assignment.ends_on >= on),
        )
        .order_by(Assignment.member_id)
    )
    for workspace_id, campaign_id, member_id in rows:
        holders.setdefault((workspace_id, campaign_id), []).append(member_id)
    return holders


def _legal_members(contract: Contract, holders: LegalHolders) -> list[uuid.UUID]:
    """The legal role on the contract's campaign, and workspace-wide."""
    standing = holders.get((contract.workspace_id, None), [])
    on_campaign = (
        holders.get((contract.workspace_id, contract.campaign_id), [])
        if contract.campaign_id
        else []
    )
    return [*on_campaign, *standing]


def _remind(session: Session, contract: Contract, today: date, holders: LegalHolders) -> bool:
    deadline = contract.notice_deadline
    if deadline is None or contract.decision is not None or today > deadline:
        return False
    due = [r for r in reminder_timeline(deadline, contract.lead_days) if r.on <= today]
    if not due or (contract.reminded_for is not None and due[-1].on <= contract.reminded_for):
        return False
    latest = due[-1]
    recipients = dict.fromkeys([contract.owner_member_id, *_legal_members(contract, holders)])
    for member_id in recipients:
        activity.record(
            session,
            ctx=activity.Origin(workspace_id=contract.workspace_id),
            verb="contract.notice_reminder",
            subject_id=contract.id,
            subject_name=contract.title,
            campaign_id=contract.campaign_id,
            member_id=member_id,
            after={"notice_deadline": deadline, "days_before": (deadline - today).days},
            reason_code=NOTICE_REMINDER,
            reason_params={"deadline": deadline.isoformat(), "days": (deadline - today).days},
        )
    contract.reminded_for = latest.on
    return True


def _escalate(session: Session, contract: Contract, today: date, now: datetime) -> bool:
    deadline = contract.notice_deadline
    if (
        deadline is None
        or contract.decision is not None
        or today <= deadline
        or contract.escalated_at
    ):
        return False
    lead = None
    if contract.campaign_id is not None:
        lead = session.scalar(
            select(Campaign.lead_member_id).where(Campaign.id == contract.campaign_id)
        )
    activity.record(
        session,
        ctx=activity.Origin(workspace_id=contract.workspace_id),
        verb="contract.escalated",
        subject_id=contract.id,
        subject_name=contract.title,
        campaign_id=contract.campaign_id,
        member_id=lead or contract.owner_member_id,
        related_member_id=contract.owner_member_id,
        after={"notice_deadline": deadline},
        reason_code=ESCALATED,
        reason_params={"deadline": deadline.isoformat()},
    )
    contract.escalated_at = now
    return True


def _end(session: Session, contract: Contract, today: date) -> bool:
    """At the end date: roll an automatic (or decided) renewal over, else expire."""
    if contract.end_on is None or today <= contract.end_on:
        return False
    before = activity.fields(contract, ("status", "end_on", "notice_deadline"))
    renews = contract.decision == Decision.renew or (
        contract.renewal == Renewal.automatic and contract.decision != Decision.terminate
    )
    origin = activity.Origin(workspace_id=contract.workspace_id)
    if renews and contract.renewal_term_months:
        contract.end_on = contract.end_on + relativedelta(months=contract.renewal_term_months)
        contract.notice_deadline = notice_deadline(
            contract.end_on, contract.notice_period, contract.notice_period_unit
        )
        contract.status = ContractStatus.renewed
        contract.decision = None
        contract.decided_at = None
        contract.reminded_for = None
        contract.escalated_at = None
        verb, code, params = (
            "contract.renewed",
            ROLLED_OVER,
            {
                "months": contract.renewal_term_months,
                "end": contract.end_on.isoformat(),
            },
        )
    else:
        contract.status = (
            ContractStatus.terminated
            if contract.decision == Decision.terminate
            else ContractStatus.expired
        )
        verb, code, params = "contract.expired", None, None
    activity.record(
        session,
        ctx=origin,
        verb=verb,
        subject_id=contract.id,
        subject_name=contract.title,
        campaign_id=contract.campaign_id,
        member_id=contract.owner_member_id,
        before=before,
        after=activity.fields(contract, ("status", "end_on", "notice_deadline")),
        reason_code=code,
        reason_params=params,
    )
    return True


def scan(session: Session, *, now: datetime) -> int:
    """Everything due at `now`; how many contracts changed. Reads only live contracts whose
    notice deadline or end is near (indexed ranges), never the whole register."""
    horizon = (now + LONGEST_LEAD).date()
    rows = session.execute(
        select(Contract, Workspace.timezone)
        .join(Workspace, Workspace.id == Contract.workspace_id)
        .where(
            Contract.status.in_(LIVE),
            or_(
                Contract.notice_deadline <= horizon,
                Contract.end_on < now.date() + timedelta(days=2),
            ),
            or_(Contract.escalated_at.is_(None), Contract.end_on < now.date() + timedelta(days=2)),
        )
        .order_by(Contract.id)
    ).all()
    holders = _legal_holders(session, {contract.workspace_id for contract, _tz in rows}, now.date())
    changed = 0
    for contract, timezone in rows:
        today = now.astimezone(ZoneInfo(timezone)).date()
        touched = _end(session, contract, today)
        touched = _escalate(session, contract, today, now) or touched
        touched = _remind(session, contract, today, holders) or touched
        changed += touched
    session.flush()
    return changed
