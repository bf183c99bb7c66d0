"""Contract findings in the health check's form: `contract_notice_due` (a notice deadline
within the lead time, no decision), `contract_expired_in_use` (an active campaign relies
on an expired contract), `unsigned_contract_on_active_deal` and
`contract_signoff_unassigned` (an unsigned campaign contract nobody is accountable for
signing: nobody holds the Legal role, or its accountable was ended; raised only for a contract
that has a sign-off scope, as its page shows the sign-off only then)."""

import uuid
from datetime import date, timedelta
from enum import StrEnum

from pydantic import Field
from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from app.contracts.signoff import legal_role_id
from app.core import clock
from app.core.i18n import N_, fill
from app.core.permissions import WorkspaceContext
from app.core.schemas import ReadModel
from app.division.schemas import HealthSummary, Severity
from app.models import Assignment, Campaign, Contract, Deal, Member, PipelineStage
from app.models.contract import ContractStatus
from app.models.deal import StageOutcome
from app.models.enums import AssignmentStatus, CampaignStatus, MemberStatus, Raci

NOTICE_DUE = N_("Decide on “{contract}” by {deadline}: renew, renegotiate or terminate.")
EXPIRED_IN_USE = N_("The active campaign “{campaign}” relies on “{contract}”, which has expired.")
UNSIGNED = N_("“{contract}” is not signed, but its deal “{deal}” is going ahead.")
NO_LEGAL = N_(
    "Nobody holds the Legal role, so nobody is accountable for signing “{contract}”: "
    "give the role to someone or choose an accountable for its sign-off."
)
NO_SIGNOFF = N_(
    "Nobody is accountable for signing “{contract}”: choose an accountable for its sign-off."
)
UNSIGNED_STATUSES = (ContractStatus.draft, ContractStatus.in_review, ContractStatus.sent)
LIVE = (
    ContractStatus.signed,
    ContractStatus.active,
    ContractStatus.expiring,
    ContractStatus.renewed,
)


class ContractFindingCode(StrEnum):
    contract_notice_due = "contract_notice_due"
    contract_expired_in_use = "contract_expired_in_use"
    unsigned_contract_on_active_deal = "unsigned_contract_on_active_deal"
    contract_signoff_unassigned = "contract_signoff_unassigned"


class ContractFinding(ReadModel):
    code: ContractFindingCode
    severity: Severity
    message: str = Field(description="In the caller's language.")
    contract_id: uuid.UUID
    campaign_id: uuid.UUID | None
    deal_id: uuid.UUID | None
    member_ids: list[uuid.UUID] = Field(description="The contract's owner, if any.")


class ContractsHealth(ReadModel):
    summary: HealthSummary
    findings: list[ContractFinding]


def contracts_health(session: Session, *, ctx: WorkspaceContext) -> ContractsHealth:
    today = clock.today_in(ctx.timezone)
    locale = ctx.actor.locale
    rows = session.execute(
        select(
            Contract.id,
            Contract.title,
            Contract.status,
            Contract.end_on,
            Contract.notice_deadline,
            Contract.lead_days,
            Contract.decision,
            Contract.owner_member_id,
            Contract.campaign_id,
            Contract.deal_id,
            Contract.signoff_scope_id,
            Campaign.name.label("campaign_name"),
            Campaign.status.label("campaign_status"),
            Deal.title.label("deal_title"),
            PipelineStage.outcome.label("deal_outcome"),
            exists()
            .where(
                Assignment.scope_id == Contract.signoff_scope_id,
                Assignment.raci == Raci.accountable,
                *_holding(today),
            )
            .label("signoff_accountable"),
        )
        .outerjoin(Campaign, Campaign.id == Contract.campaign_id)
        .outerjoin(Deal, Deal.id == Contract.deal_id)
        .outerjoin(PipelineStage, PipelineStage.id == Deal.stage_id)
        .where(
            Contract.workspace_id == ctx.workspace_id,
            or_(
                and_(Contract.notice_deadline.is_not(None), Contract.decision.is_(None)),
                Contract.campaign_id.is_not(None),
                Contract.deal_id.is_not(None),
            ),
        )
        .order_by(Contract.notice_deadline, Contract.id)
    ).all()
    findings: list[ContractFinding] = []
    legal = _legal_campaigns(session, ctx=ctx)
    for row in rows:
        base = {
            "contract_id": row.id,
            "campaign_id": row.campaign_id,
            "deal_id": row.deal_id,
            "member_ids": [row.owner_member_id] if row.owner_member_id else [],
        }
        deadline = row.notice_deadline
        if (
            deadline is not None
            and row.decision is None
            and row.status in LIVE
            and today >= deadline - timedelta(days=max(row.lead_days, 30))
        ):
            findings.append(
                ContractFinding(
                    code=ContractFindingCode.contract_notice_due,
                    severity=Severity.error if today > deadline else Severity.warning,
                    message=fill(
                        NOTICE_DUE,
                        {"contract": row.title, "deadline": deadline.isoformat()},
                        locale,
                    ),
                    **base,
                )
            )
        expired = row.status == ContractStatus.expired or (
            row.end_on is not None and row.end_on < today and row.status in LIVE
        )
        if expired and row.campaign_status == CampaignStatus.active:
            findings.append(
                ContractFinding(
                    code=ContractFindingCode.contract_expired_in_use,
                    severity=Severity.error,
                    message=fill(
                        EXPIRED_IN_USE,
                        {"contract": row.title, "campaign": row.campaign_name},
                        locale,
                    ),
                    **base,
                )
            )
        if row.status in UNSIGNED_STATUSES and row.deal_outcome == StageOutcome.won:
            findings.append(
                ContractFinding(
                    code=ContractFindingCode.unsigned_contract_on_active_deal,
                    severity=Severity.warning,
                    message=fill(UNSIGNED, {"contract": row.title, "deal": row.deal_title}, locale),
                    **base,
                )
            )
        if (
            row.campaign_id is not None
            and row.signoff_scope_id is not None
            and row.status in UNSIGNED_STATUSES
            and not row.signoff_accountable
        ):
            held = None in legal or row.campaign_id in legal
            findings.append(
                ContractFinding(
                    code=ContractFindingCode.contract_signoff_unassigned,
                    severity=Severity.warning,
                    message=fill(NO_SIGNOFF if held else NO_LEGAL, {"contract": row.title}, locale),
                    **base,
                )
            )
    errors = sum(f.severity == Severity.error for f in findings)
    return ContractsHealth(
        summary=HealthSummary(errors=errors, warnings=len(findings) - errors, infos=0),
        findings=sorted(findings, key=lambda f: f.severity != Severity.error),
    )


def _legal_campaigns(session: Session, *, ctx: WorkspaceContext) -> set[uuid.UUID | None]:
    """The campaigns where someone holds the Legal role today (None: workspace-wide)."""
    role_id = legal_role_id(session, workspace_id=ctx.workspace_id)
    if role_id is None:
        return set()
    today = clock.today_in(ctx.timezone)
    return set(
        session.scalars(
            select(Assignment.campaign_id)
            .distinct()
            .where(
                Assignment.workspace_id == ctx.workspace_id,
                Assignment.role_id == role_id,
                *_holding(today),
            )
        )
    )


def _holding(today: date) -> tuple[ColumnElement[bool], ...]:
    """An assignment held today by an active member (as `signoff.legal_holder` picks)."""
    return (
        Assignment.status == AssignmentStatus.active,
        Assignment.starts_on <= today,
        or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today),
        exists().where(Member.id == Assignment.member_id, Member.status == MemberStatus.active),
    )
