"""Reads of deals: one Core select of the columns `DealRead` needs, names by join."""

import uuid
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session, aliased

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.money import Money
from app.core.pagination import paginate
from app.deals.schemas import DealRead, DealStageChangeRead
from app.models import Campaign, Deal, DealStageChange, Member, Partner, PipelineStage

DEAL_NOT_FOUND = N_("Deal not found.")

_READ = (
    select(
        Deal.id,
        Deal.title,
        Deal.partner_id,
        Partner.name.label("partner_name"),
        Deal.owner_member_id,
        Member.display_name.label("owner_name"),
        Deal.campaign_id,
        Campaign.name.label("campaign_name"),
        Deal.stage_id,
        PipelineStage.name.label("stage_name"),
        PipelineStage.outcome.label("stage_outcome"),
        PipelineStage.probability,
        Deal.stage_entered_at,
        Deal.value_minor,
        Deal.value_currency,
        Deal.in_kind_minor,
        Deal.in_kind_currency,
        Deal.in_kind_description,
        Deal.expected_close_on,
        Deal.next_step,
        Deal.next_step_due_on,
        Deal.lost_reason,
        Deal.deliverables,
        Deal.notes,
        Deal.created_at,
        Deal.updated_at,
        Deal.version,
    )
    .join_from(Deal, Partner, Partner.id == Deal.partner_id)
    .join_from(Deal, PipelineStage, PipelineStage.id == Deal.stage_id)
    .outerjoin_from(Deal, Member, Member.id == Deal.owner_member_id)
    .outerjoin_from(Deal, Campaign, Campaign.id == Deal.campaign_id)
)


def deal_view(row: Row[*tuple[Any, ...]]) -> DealRead:
    values = row._asdict()
    values.pop("version", None)
    value = Money(amount_minor=values.pop("value_minor"), currency=values.pop("value_currency"))
    in_kind_minor, in_kind_currency = values.pop("in_kind_minor"), values.pop("in_kind_currency")
    values["value"] = value
    values["weighted_value"] = value.scaled(Fraction(values["probability"], 100))
    values["in_kind_value"] = (
        None
        if in_kind_minor is None or in_kind_currency is None
        else Money(amount_minor=in_kind_minor, currency=in_kind_currency)
    )
    return DealRead.model_validate(values)


def read_deal(
    session: Session, *, workspace_id: uuid.UUID, deal_id: uuid.UUID
) -> tuple[DealRead, int]:
    """One deal of the workspace and its version (the ETag); 404 otherwise."""
    row = session.execute(
        _READ.where(Deal.id == deal_id, Deal.workspace_id == workspace_id)
    ).first()
    if row is None:
        raise NotFound(DEAL_NOT_FOUND)
    return deal_view(row), row.version


def deals_query(workspace_id: uuid.UUID) -> Select[*tuple[Any, ...]]:
    return _READ.where(Deal.workspace_id == workspace_id)


def read_deal_page(
    session: Session, stmt: Select[*tuple[Any, ...]], *, limit: int, cursor: str | None
) -> tuple[list[DealRead], str | None]:
    """A page of deals, newest first."""
    rows, next_cursor = paginate(
        session,
        stmt,
        order_by=(Deal.created_at, Deal.id),
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    return [deal_view(row) for row in rows], next_cursor


def read_stage_changes(
    session: Session,
    *,
    workspace_id: uuid.UUID,
    deal_id: uuid.UUID,
    limit: int,
    cursor: str | None,
) -> tuple[list[DealStageChangeRead], str | None]:
    """A deal's moves, oldest first."""
    source = aliased(PipelineStage)
    target = aliased(PipelineStage)
    stmt = (
        select(
            DealStageChange.id,
            DealStageChange.from_stage_id,
            source.name.label("from_stage_name"),
            DealStageChange.to_stage_id,
            target.name.label("to_stage_name"),
            DealStageChange.moved_at,
            DealStageChange.moved_by_member_id,
            Member.display_name.label("moved_by_name"),
        )
        .join_from(DealStageChange, target, target.id == DealStageChange.to_stage_id)
        .outerjoin_from(DealStageChange, source, source.id == DealStageChange.from_stage_id)
        .outerjoin_from(DealStageChange, Member, Member.id == DealStageChange.moved_by_member_id)
        .where(DealStageChange.workspace_id == workspace_id, DealStageChange.deal_id == deal_id)
    )
    rows: Sequence[Row[*tuple[Any, ...]]]
    rows, next_cursor = paginate(
        session,
        stmt,
        order_by=(DealStageChange.moved_at, DealStageChange.id),
        limit=limit,
        cursor=cursor,
    )
    return [DealStageChangeRead.model_validate(row._asdict()) for row in rows], next_cursor
