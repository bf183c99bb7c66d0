"""Read the assignments' history: one statement for a page of their activities, one for
the earlier entries of the same assignments (replayed to give each entry its full
`before` and `after`), whatever the page size; rows become replies once per page."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, exists, or_, select
from sqlalchemy.orm import Session

from app.activity.reasons import reason_text
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import AnyRow, Reader
from app.history.schemas import AssignmentChangeRead, HistoryOrder
from app.history.service import SUBJECT, TRACKED
from app.models import Activity, Assignment, Campaign, Member

_ACTIVITIES = cast(Table, Activity.__table__)
_A = _ACTIVITIES.c

_READ = select(
    *(
        _A[name]
        for name in (
            "id",
            "subject_id",
            "campaign_id",
            "related_member_id",
            "verb",
            "occurred_at",
            "actor_member_id",
            "actor_name",
            "reason",
            "reason_code",
            "reason_params",
            "after",
        )
    )
)
_READ_CHAINS = select(_A.id, _A.subject_id, _A.before, _A.after).order_by(_A.subject_id, _A.id)
_REPLIES = Reader(AssignmentChangeRead)

State = dict[str, Any] | None


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    member_id: uuid.UUID | None,
    assignment_id: uuid.UUID | None,
    order: HistoryOrder,
    limit: int,
    cursor: str | None,
) -> tuple[list[AssignmentChangeRead], str | None]:
    """A page of assignment changes, each with its full before and after snapshot."""
    _ensure_known(
        session, ctx=ctx, campaign_id=campaign_id, member_id=member_id, assignment_id=assignment_id
    )
    stmt = _READ.where(_A.workspace_id == ctx.workspace_id, _A.subject_type == SUBJECT)
    if campaign_id is not None:
        stmt = stmt.where(_A.campaign_id == campaign_id)
    if member_id is not None:
        stmt = stmt.where(or_(_A.member_id == member_id, _A.related_member_id == member_id))
    if assignment_id is not None:
        stmt = stmt.where(_A.subject_id == assignment_id)
    rows, next_cursor = paginate(
        session,
        stmt,
        order_by=(_A.id,),
        descending=order is HistoryOrder.newest,
        limit=limit,
        cursor=cursor,
    )
    states = _replayed(session, ctx=ctx, rows=rows)
    locale = ctx.actor.locale.value
    return _REPLIES.many([_change(row, *states[row.id], locale=locale) for row in rows]), (
        next_cursor
    )


def _change(row: AnyRow, before: State, after: State, *, locale: str) -> dict[str, Any]:
    current = after or before or {}
    return {
        "id": row.id,
        "assignment_id": row.subject_id,
        "campaign_id": row.campaign_id,
        "member_id": current["member_id"],
        "previous_member_id": row.related_member_id,
        "action": row.verb.partition(".")[2],
        "changed_at": row.occurred_at,
        "actor_member_id": row.actor_member_id,
        "actor_name": row.actor_name,
        "reason": reason_text(
            reason=row.reason, code=row.reason_code, params=row.reason_params, locale=locale
        ),
        "reason_code": row.reason_code,
        "changed_fields": changed_fields(row.after, before, after),
        "before": before or None,
        "after": after or None,
    }


def _replayed(
    session: Session, *, ctx: WorkspaceContext, rows: Sequence[AnyRow]
) -> dict[uuid.UUID, tuple[State, State]]:
    """Each entry's full before and after: its assignment's entries replayed up to it."""
    if not rows:
        return {}
    chains = session.connection().execute(
        _READ_CHAINS.where(
            _A.workspace_id == ctx.workspace_id,
            _A.subject_type == SUBJECT,
            _A.subject_id.in_({row.subject_id for row in rows}),
            _A.id <= max(row.id for row in rows),
        )
    )
    states: dict[uuid.UUID, tuple[State, State]] = {}
    state: dict[str, Any] = {}
    subject: uuid.UUID | None = None
    for entry in chains:
        if entry.subject_id != subject:
            subject, state = entry.subject_id, {}
        before = None if entry.before is None else {**state, **entry.before}
        after = None if entry.after is None else {**(before or state), **entry.after}
        states[entry.id] = (before, after)
        state = after or before or state
    return states


def changed_fields(changes: Mapping[str, Any] | None, before: State, after: State) -> list[str]:
    """`changes`: what the entry itself recorded as after."""
    if before is None and after is not None:
        return [f for f in TRACKED if after.get(f) not in (None, "")]
    if after is None:
        return []
    return [f for f in TRACKED if f in (changes or {})]


def _ensure_known(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    member_id: uuid.UUID | None,
    assignment_id: uuid.UUID | None,
) -> None:
    """404 for an id that is neither a row of this workspace nor in its history."""
    mine = (_A.workspace_id == ctx.workspace_id) & (_A.subject_type == SUBJECT)
    checks: list[tuple[uuid.UUID | None, Any, ColumnElement[bool], str]] = [
        (campaign_id, Campaign, _A.campaign_id == campaign_id, N_("Campaign not found.")),
        (
            member_id,
            Member,
            or_(_A.member_id == member_id, _A.related_member_id == member_id),
            N_("Member not found."),
        ),
        (assignment_id, Assignment, _A.subject_id == assignment_id, N_("Assignment not found.")),
    ]
    for object_id, model, in_history, missing in checks:
        if object_id is None:
            continue
        live = exists().where(model.id == object_id, model.workspace_id == ctx.workspace_id)
        recorded = exists().where(mine, in_history)
        if not session.scalar(select(live | recorded)):
            raise NotFound(missing)
