"""Deals: partner, owner, campaign, value, stage on the pipeline and every move (editors)."""

import uuid
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core import clock
from app.core.crud import apply_changes, get_in_workspace
from app.core.errors import InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.money import Money
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.deals import partners, reads, stages
from app.deals.reads import DEAL_NOT_FOUND
from app.deals.schemas import DealCreate, DealFilters, DealRead, DealUpdate
from app.models import (
    Assignment,
    Campaign,
    Deal,
    DealStageChange,
    Member,
    PipelineStage,
    Role,
    Workspace,
)
from app.models.deal import StageOutcome
from app.models.enums import Access, AssignmentStatus, Raci
from app.tasks import service as tasks
from app.tasks.schemas import TaskCreate

BUSINESS_PARTNERSHIP_ROLE = "business_partnership"
MEMBER_NOT_FOUND = N_("Member not found.")
CAMPAIGN_NOT_FOUND = N_("Campaign not found.")
NO_STAGE = N_("The pipeline has no open stage; add one first.")
LOST_NEEDS_REASON = N_("Say why the deal was lost before moving it to {stage}.")
FIELDS = (
    "title",
    "partner_id",
    "owner_member_id",
    "campaign_id",
    "stage_id",
    "value_minor",
    "value_currency",
    "expected_close_on",
    "next_step",
    "next_step_due_on",
    "lost_reason",
)


def get(session: Session, *, ctx: WorkspaceContext, deal_id: uuid.UUID) -> Deal:
    return get_in_workspace(session, Deal, deal_id, ctx=ctx, missing=DEAL_NOT_FOUND)


def _workspace_currency(session: Session, *, ctx: WorkspaceContext) -> str:
    return session.scalars(select(Workspace.currency).where(Workspace.id == ctx.workspace_id)).one()


def list_deals(
    session: Session,
    *,
    ctx: WorkspaceContext,
    filters: DealFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[DealRead], str | None]:
    stmt = reads.deals_query(ctx.workspace_id)
    for column, value in (
        (Deal.stage_id, filters.stage_id),
        (Deal.partner_id, filters.partner_id),
        (Deal.owner_member_id, filters.owner_member_id),
        (Deal.campaign_id, filters.campaign_id),
        (PipelineStage.outcome, filters.outcome),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if filters.q:
        stmt = stmt.where(Deal.title.ilike(f"%{filters.q.lower()}%"))
    return reads.read_deal_page(session, stmt, limit=limit, cursor=cursor)


def default_owner(
    session: Session, *, ctx: WorkspaceContext, campaign_id: uuid.UUID | None
) -> uuid.UUID | None:
    """The member holding the business partnership role on the campaign (accountable first)."""
    if campaign_id is None:
        return None
    return session.scalar(
        select(Assignment.member_id)
        .join(Role, Role.id == Assignment.role_id)
        .where(
            Assignment.workspace_id == ctx.workspace_id,
            Assignment.campaign_id == campaign_id,
            Assignment.status == AssignmentStatus.active,
            Role.key == BUSINESS_PARTNERSHIP_ROLE,
        )
        .order_by(case((Assignment.raci == Raci.accountable, 0), else_=1), Assignment.created_at)
        .limit(1)
    )


def _check_links(session: Session, *, ctx: WorkspaceContext, changes: dict[str, Any]) -> None:
    if changes.get("partner_id") is not None:
        partners.get(session, ctx=ctx, partner_id=changes["partner_id"])
    if changes.get("owner_member_id") is not None:
        _ensure_row(session, ctx, Member, changes["owner_member_id"], "owner_member_id")
    if changes.get("campaign_id") is not None:
        _ensure_row(session, ctx, Campaign, changes["campaign_id"], "campaign_id")


def _ensure_row(
    session: Session,
    ctx: WorkspaceContext,
    model: type[Member | Campaign],
    row_id: uuid.UUID,
    field: str,
) -> None:
    found = session.scalar(
        select(model.id).where(model.id == row_id, model.workspace_id == ctx.workspace_id)
    )
    if found is None:
        message = MEMBER_NOT_FOUND if model is Member else CAMPAIGN_NOT_FOUND
        raise NotFound(message, errors=[field_error(("body", field), message, "not_found")])


def _money_columns(values: dict[str, Any]) -> dict[str, Any]:
    """`value` / `in_kind_value` (Money) as their two columns each."""
    columns = dict(values)
    if "value" in columns:
        money = columns.pop("value")
        columns["value_minor"], columns["value_currency"] = money.amount_minor, money.currency
    if "in_kind_value" in columns:
        money = columns.pop("in_kind_value")
        columns["in_kind_minor"] = None if money is None else money.amount_minor
        columns["in_kind_currency"] = None if money is None else money.currency
    return columns


def _stage_for_move(
    session: Session, *, ctx: WorkspaceContext, stage_id: uuid.UUID, lost_reason: str
) -> None:
    stage = stages.get(session, ctx=ctx, stage_id=stage_id)
    if stage.outcome == StageOutcome.lost and not lost_reason.strip():
        raise InvalidInput(
            LOST_NEEDS_REASON,
            params={"stage": stage.name},
            errors=[
                field_error(
                    ("body", "lost_reason"),
                    LOST_NEEDS_REASON,
                    "lost_reason_missing",
                    stage=stage.name,
                )
            ],
        )


def create(session: Session, *, ctx: WorkspaceContext, deal_in: DealCreate) -> tuple[DealRead, int]:
    ctx.require(Access.editor)
    values = deal_in.model_dump(exclude={"value", "in_kind_value"})
    values["value"] = deal_in.value or Money.zero(_workspace_currency(session, ctx=ctx))
    values["in_kind_value"] = deal_in.in_kind_value
    _check_links(session, ctx=ctx, changes=values)
    if "owner_member_id" not in deal_in.model_fields_set:
        values["owner_member_id"] = default_owner(session, ctx=ctx, campaign_id=deal_in.campaign_id)
    if deal_in.stage_id is None:
        first_open = next(
            (
                s
                for s in stages.ordered_stages(session, workspace_id=ctx.workspace_id)
                if s.outcome == StageOutcome.open
            ),
            None,
        )
        if first_open is None:
            raise InvalidInput(
                NO_STAGE, errors=[field_error(("body", "stage_id"), NO_STAGE, "no_open_stage")]
            )
        values["stage_id"] = first_open.id
    else:
        _stage_for_move(
            session, ctx=ctx, stage_id=deal_in.stage_id, lost_reason=deal_in.lost_reason
        )
    columns = _money_columns(values)
    now = clock.now()
    deal = Deal(workspace_id=ctx.workspace_id, stage_entered_at=now, **columns)
    session.add(deal)
    session.flush()
    session.add(
        DealStageChange(
            workspace_id=ctx.workspace_id,
            deal_id=deal.id,
            from_stage_id=None,
            to_stage_id=deal.stage_id,
            moved_at=now,
            moved_by_member_id=ctx.member_id,
        )
    )
    session.flush()
    _deliverables_to_tasks(session, ctx=ctx, deal=deal)
    activity.record(
        session,
        ctx=ctx,
        verb="deal.created",
        subject_id=deal.id,
        subject_name=deal.title,
        campaign_id=deal.campaign_id,
        member_id=deal.owner_member_id,
        after=activity.fields(deal, FIELDS),
    )
    session.flush()
    return reads.read_deal(session, workspace_id=ctx.workspace_id, deal_id=deal.id)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    deal_id: uuid.UUID,
    deal_in: DealUpdate,
    if_match: frozenset[int] | None,
) -> tuple[DealRead, int]:
    """Change a deal; a new `stage_id` is a move (recorded in the deal's stage history)."""
    ctx.require(Access.editor)
    deal = get(session, ctx=ctx, deal_id=deal_id)
    ensure_version(deal.version, if_match)
    changes = deal_in.model_dump(exclude_unset=True)
    for money_field in ("value", "in_kind_value"):
        if money_field in changes:
            changes[money_field] = getattr(deal_in, money_field)
    _check_links(session, ctx=ctx, changes=changes)
    moved_from = None
    if changes.get("stage_id", deal.stage_id) != deal.stage_id:
        _stage_for_move(
            session,
            ctx=ctx,
            stage_id=changes["stage_id"],
            lost_reason=changes.get("lost_reason", deal.lost_reason),
        )
        moved_from = deal.stage_id
    before = activity.fields(deal, FIELDS)
    apply_changes(deal, _money_columns(changes))
    if moved_from is not None:
        now = clock.now()
        deal.stage_entered_at = now
        session.add(
            DealStageChange(
                workspace_id=ctx.workspace_id,
                deal_id=deal.id,
                from_stage_id=moved_from,
                to_stage_id=deal.stage_id,
                moved_at=now,
                moved_by_member_id=ctx.member_id,
            )
        )
    if moved_from is not None:
        _deliverables_to_tasks(session, ctx=ctx, deal=deal)
    activity.record(
        session,
        ctx=ctx,
        verb="deal.moved" if moved_from is not None else "deal.updated",
        subject_id=deal.id,
        subject_name=deal.title,
        campaign_id=deal.campaign_id,
        member_id=deal.owner_member_id,
        before=before,
        after=activity.fields(deal, FIELDS),
    )
    session.flush()
    return reads.read_deal(session, workspace_id=ctx.workspace_id, deal_id=deal.id)


def _deliverables_to_tasks(session: Session, *, ctx: WorkspaceContext, deal: Deal) -> None:
    """Once a deal is won, each deliverable becomes a task of its owner (once per deal),
    on the deal's campaign, linking back to the deal."""
    if deal.deliverables_tasked_at is not None or not deal.deliverables:
        return
    stage = stages.get(session, ctx=ctx, stage_id=deal.stage_id)
    if stage.outcome != StageOutcome.won:
        return
    for deliverable in deal.deliverables:
        tasks.create(
            session,
            ctx=ctx,
            task_in=TaskCreate(
                title=deliverable[:200],
                description=f"[{deal.title}](/w/{ctx.slug}/deals/{deal.id})",
                campaign_id=deal.campaign_id,
                owner_member_id=deal.owner_member_id,
            ),
        )
    deal.deliverables_tasked_at = clock.now()


def delete(
    session: Session, *, ctx: WorkspaceContext, deal_id: uuid.UUID, if_match: frozenset[int] | None
) -> None:
    ctx.require(Access.editor)
    deal = get(session, ctx=ctx, deal_id=deal_id)
    ensure_version(deal.version, if_match)
    activity.record(
        session,
        ctx=ctx,
        verb="deal.deleted",
        subject_id=deal.id,
        subject_name=deal.title,
        campaign_id=deal.campaign_id,
        member_id=deal.owner_member_id,
        before=activity.fields(deal, FIELDS),
    )
    session.delete(deal)
    session.flush()
