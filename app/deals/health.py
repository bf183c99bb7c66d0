"""Deal findings in the health check's form (stable code, severity, message, ids):
`deal_stalled` (an open deal with no move and no next step for N days) and
`deal_without_owner` (an open deal nobody owns)."""

import uuid
from datetime import timedelta
from enum import StrEnum

from pydantic import Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.i18n import N_, fill
from app.core.permissions import WorkspaceContext
from app.core.schemas import ReadModel
from app.division.schemas import HealthSummary, Severity
from app.models import Deal, PipelineStage
from app.models.deal import StageOutcome

STALLED_AFTER_DAYS = 14
STALLED = N_("“{deal}” has not moved for {days} days and has no next step planned.")
WITHOUT_OWNER = N_("Nobody owns “{deal}”.")


class DealFindingCode(StrEnum):
    deal_stalled = "deal_stalled"
    deal_without_owner = "deal_without_owner"


class DealFinding(ReadModel):
    code: DealFindingCode
    severity: Severity
    message: str = Field(description="In the caller's language.")
    deal_id: uuid.UUID
    campaign_id: uuid.UUID | None
    member_ids: list[uuid.UUID] = Field(description="The deal's owner, if any.")
    days_in_stage: int


class DealsHealth(ReadModel):
    summary: HealthSummary
    findings: list[DealFinding] = Field(description="Longest in stage first.")


def deals_health(
    session: Session, *, ctx: WorkspaceContext, stalled_after_days: int = STALLED_AFTER_DAYS
) -> DealsHealth:
    now = clock.now()
    today = clock.today_in(ctx.timezone)
    stalled_before = now - timedelta(days=stalled_after_days)
    rows = session.execute(
        select(
            Deal.id,
            Deal.title,
            Deal.campaign_id,
            Deal.owner_member_id,
            Deal.stage_entered_at,
            Deal.next_step,
            Deal.next_step_due_on,
        )
        .join(PipelineStage, PipelineStage.id == Deal.stage_id)
        .where(
            Deal.workspace_id == ctx.workspace_id,
            PipelineStage.outcome == StageOutcome.open,
            or_(Deal.owner_member_id.is_(None), Deal.stage_entered_at <= stalled_before),
        )
        .order_by(Deal.stage_entered_at, Deal.id)
    ).all()
    locale = ctx.actor.locale
    findings: list[DealFinding] = []
    for row in rows:
        days = (now - row.stage_entered_at).days
        base = {
            "deal_id": row.id,
            "campaign_id": row.campaign_id,
            "member_ids": [row.owner_member_id] if row.owner_member_id else [],
            "days_in_stage": days,
        }
        if row.owner_member_id is None:
            findings.append(
                DealFinding(
                    code=DealFindingCode.deal_without_owner,
                    severity=Severity.warning,
                    message=fill(WITHOUT_OWNER, {"deal": row.title}, locale),
                    **base,
                )
            )
        planned = bool(row.next_step.strip()) and (
            row.next_step_due_on is None or row.next_step_due_on >= today
        )
        if row.stage_entered_at <= stalled_before and not planned:
            findings.append(
                DealFinding(
                    code=DealFindingCode.deal_stalled,
                    severity=Severity.warning,
                    message=fill(STALLED, {"deal": row.title, "days": days}, locale),
                    **base,
                )
            )
    return DealsHealth(
        summary=HealthSummary(
            errors=0,
            warnings=len(findings),
            infos=0,
        ),
        findings=findings,
    )
