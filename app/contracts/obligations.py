"""Obligations of a contract: who owes what by when, once or on a recurrence. Completing
a recurring one moves it to its next due date; the owner sees it in their week."""

import uuid
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.contracts import service as contracts
from app.core import clock
from app.core.crud import apply_changes, ensure_links_in_workspace, get_in_workspace
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.versioning import ensure_version
from app.models import Member, Obligation
from app.models.enums import Access
from app.models.paper import ObligationRecurrence as R
from app.models.paper import ObligationStatus

NOT_FOUND = N_("Obligation not found.")
LINK_NOT_FOUND = N_("Not found in this workspace.")
LINKS: dict[str, type[Any]] = {"owner_member_id": Member}
FIELDS = ("description", "owed_by", "owner_member_id", "due_on", "recurrence", "status")
STEP = {
    R.monthly: relativedelta(months=1),
    R.quarterly: relativedelta(months=3),
    R.yearly: relativedelta(years=1),
}


def next_due(due_on: date, recurrence: R, *, anchor_on: date | None = None) -> date | None:
    """The first date of the recurrence counted from `anchor_on` (the date a person set)
    that is after `due_on`, or None if it does not recur. Counting from the anchor keeps
    the day of the month: 31 Jan → 28 Feb → 31 Mar, not → 28 Mar."""
    step = STEP.get(recurrence)
    if step is None:
        return None
    anchor, times = anchor_on or due_on, 1
    while (following := anchor + step * times) <= due_on:
        times += 1
    return following


def list_obligations(
    session: Session,
    *,
    ctx: WorkspaceContext,
    contract_id: uuid.UUID | None,
    owner_member_id: uuid.UUID | None,
    status: ObligationStatus | None,
    due_before: date | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Obligation], str | None]:
    stmt = select(Obligation).where(Obligation.workspace_id == ctx.workspace_id)
    if contract_id is not None:
        stmt = stmt.where(Obligation.contract_id == contract_id)
    if owner_member_id is not None:
        stmt = stmt.where(Obligation.owner_member_id == owner_member_id)
    if status is not None:
        stmt = stmt.where(Obligation.status == status)
    if due_before is not None:
        stmt = stmt.where(Obligation.due_on < due_before)
    return paginate(
        session, stmt, order_by=(Obligation.due_on, Obligation.id), limit=limit, cursor=cursor
    )


def get(session: Session, *, ctx: WorkspaceContext, obligation_id: uuid.UUID) -> Obligation:
    return get_in_workspace(session, Obligation, obligation_id, ctx=ctx, missing=NOT_FOUND)


def _record(
    session: Session,
    ctx: WorkspaceContext,
    obligation: Obligation,
    verb: str,
    before: dict[str, Any] | None = None,
) -> None:
    activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=obligation.id,
        subject_name=obligation.description,
        member_id=obligation.owner_member_id,
        before=before,
        after=activity.fields(obligation, FIELDS) if verb != "obligation.deleted" else None,
    )


def create(session: Session, *, ctx: WorkspaceContext, obligation_in: Any) -> Obligation:
    ctx.require(Access.editor)
    values = obligation_in.model_dump()
    contract = contracts.get(session, ctx=ctx, contract_id=obligation_in.contract_id)
    ensure_links_in_workspace(session, values, LINKS, ctx=ctx, missing=LINK_NOT_FOUND)
    if values["owner_member_id"] is None:
        values["owner_member_id"] = contract.owner_member_id
    obligation = Obligation(workspace_id=ctx.workspace_id, anchor_on=values["due_on"], **values)
    session.add(obligation)
    session.flush()
    _record(session, ctx, obligation, "obligation.created")
    return obligation


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    obligation_id: uuid.UUID,
    obligation_in: Any,
    if_match: frozenset[int] | None,
) -> Obligation:
    ctx.require(Access.editor)
    obligation = get(session, ctx=ctx, obligation_id=obligation_id)
    ensure_version(obligation.version, if_match)
    changes = obligation_in.model_dump(exclude_unset=True)
    ensure_links_in_workspace(session, changes, LINKS, ctx=ctx, missing=LINK_NOT_FOUND)
    before = activity.fields(obligation, FIELDS)
    apply_changes(obligation, changes)
    if "due_on" in changes:
        obligation.anchor_on = obligation.due_on
    session.flush()
    _record(session, ctx, obligation, "obligation.updated", before)
    return obligation


def complete(session: Session, *, ctx: WorkspaceContext, obligation_id: uuid.UUID) -> Obligation:
    """Done for this time: a recurring obligation moves to its next due date."""
    ctx.require(Access.editor)
    obligation = get(session, ctx=ctx, obligation_id=obligation_id)
    before = activity.fields(obligation, FIELDS)
    following = next_due(obligation.due_on, obligation.recurrence, anchor_on=obligation.anchor_on)
    obligation.last_done_on = clock.today_in(ctx.timezone)
    if following is None:
        obligation.status = ObligationStatus.done
    else:
        obligation.due_on = following
        obligation.status = ObligationStatus.open
    obligation.updated_at = clock.now()
    session.flush()
    _record(session, ctx, obligation, "obligation.completed", before)
    return obligation


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    obligation_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    ctx.require(Access.editor)
    obligation = get(session, ctx=ctx, obligation_id=obligation_id)
    ensure_version(obligation.version, if_match)
    _record(session, ctx, obligation, "obligation.deleted", activity.fields(obligation, FIELDS))
    session.delete(obligation)
    session.flush()
