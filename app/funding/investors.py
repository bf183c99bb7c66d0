"""Investor relations (项目融资): investors along a pipeline with contact, stage, ticket
size, next step, owner and last contact. Editors keep it; every member reads it."""

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.crud import apply_changes, ensure_links_in_workspace, get_in_workspace
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.funding.investor_schemas import (
    InvestorCreate,
    InvestorPipeline,
    InvestorStageTotal,
    InvestorUpdate,
)
from app.funding.reads import INVESTOR_NOT_FOUND as NOT_FOUND
from app.models import Investor, Member
from app.models.enums import Access
from app.models.paper import InvestorStage

LINK_NOT_FOUND = N_("Not found in this workspace.")
LINKS: dict[str, type[Any]] = {"owner_member_id": Member}
FIELDS = ("name", "stage", "owner_member_id", "next_step", "next_step_due_on", "last_contact_on")


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    columns = dict(values)
    if "ticket" in columns:
        ticket = columns.pop("ticket")
        columns["ticket_minor"] = None if ticket is None else ticket["amount_minor"]
        columns["ticket_currency"] = None if ticket is None else ticket["currency"]
    if "email" in columns:
        columns["email"] = columns["email"] or ""
    return columns


def pipeline(session: Session, *, ctx: WorkspaceContext) -> InvestorPipeline:
    """Investors and ticket sizes per stage, tickets summed per currency (one statement)."""
    rows = session.execute(
        select(
            Investor.stage,
            Investor.ticket_currency,
            func.count(),
            func.coalesce(func.sum(Investor.ticket_minor), 0),
        )
        .where(Investor.workspace_id == ctx.workspace_id)
        .group_by(Investor.stage, Investor.ticket_currency)
    ).all()
    counts: dict[InvestorStage, int] = dict.fromkeys(InvestorStage, 0)
    tickets: dict[InvestorStage, list[dict[str, Any]]] = {stage: [] for stage in InvestorStage}
    for stage, currency, count, total in rows:
        counts[stage] += count
        if currency is not None:
            tickets[stage].append({"amount_minor": int(total or 0), "currency": currency})
    return InvestorPipeline(
        stages=[
            InvestorStageTotal.model_validate(
                {
                    "stage": stage,
                    "count": counts[stage],
                    "tickets": sorted(tickets[stage], key=lambda m: m["currency"]),
                }
            )
            for stage in InvestorStage
        ]
    )


def get(session: Session, *, ctx: WorkspaceContext, investor_id: uuid.UUID) -> Investor:
    return get_in_workspace(session, Investor, investor_id, ctx=ctx, missing=NOT_FOUND)


def create(session: Session, *, ctx: WorkspaceContext, investor_in: InvestorCreate) -> Investor:
    ctx.require(Access.editor)
    values = investor_in.model_dump()
    ensure_links_in_workspace(session, values, LINKS, ctx=ctx, missing=LINK_NOT_FOUND)
    if values["owner_member_id"] is None:
        values["owner_member_id"] = ctx.member_id
    investor = Investor(workspace_id=ctx.workspace_id, **_columns(values))
    session.add(investor)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="investor.created",
        subject_id=investor.id,
        subject_name=investor.name,
        member_id=investor.owner_member_id,
        after=activity.fields(investor, FIELDS),
    )
    return investor


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    investor_id: uuid.UUID,
    investor_in: InvestorUpdate,
    if_match: frozenset[int] | None,
) -> Investor:
    ctx.require(Access.editor)
    investor = get(session, ctx=ctx, investor_id=investor_id)
    ensure_version(investor.version, if_match)
    changes = investor_in.model_dump(exclude_unset=True)
    ensure_links_in_workspace(session, changes, LINKS, ctx=ctx, missing=LINK_NOT_FOUND)
    before = activity.fields(investor, FIELDS)
    apply_changes(investor, _columns(changes))
    activity.record(
        session,
        ctx=ctx,
        verb="investor.updated",
        subject_id=investor.id,
        subject_name=investor.name,
        member_id=investor.owner_member_id,
        before=before,
        after=activity.fields(investor, FIELDS),
    )
    session.flush()
    return investor


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    investor_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    ctx.require(Access.editor)
    investor = get(session, ctx=ctx, investor_id=investor_id)
    ensure_version(investor.version, if_match)
    activity.record(
        session,
        ctx=ctx,
        verb="investor.deleted",
        subject_id=investor.id,
        subject_name=investor.name,
        before=activity.fields(investor, FIELDS),
    )
    session.delete(investor)
    session.flush()
