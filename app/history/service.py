"""The assignments' history: recorded with every change, read as a timeline."""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.history.schemas import HistoryOrder
from app.models import Assignment, AssignmentChange, Campaign, ChangeAction, Member
from app.models.base import utcnow
from app.models.enums import AssignmentStatus

TRACKED = (
    "member_id",
    "role_id",
    "scope_id",
    "raci",
    "allocation_percent",
    "starts_on",
    "ends_on",
    "status",
    "note",
)


def snapshot(assignment: Assignment) -> dict[str, Any]:
    """The assignment's fields and names, as JSON (member, role, campaign, scope loaded)."""
    return {
        "member_id": str(assignment.member_id),
        "member_name": assignment.member.display_name,
        "role_id": str(assignment.role_id),
        "role_name": assignment.role.name,
        "campaign_id": str(assignment.campaign_id) if assignment.campaign_id else None,
        "campaign_name": assignment.campaign.name if assignment.campaign else None,
        "scope_id": str(assignment.scope_id) if assignment.scope_id else None,
        "scope_name": assignment.scope.name if assignment.scope else None,
        "raci": assignment.raci.value,
        "allocation_percent": assignment.allocation_percent,
        "starts_on": assignment.starts_on.isoformat(),
        "ends_on": assignment.ends_on.isoformat() if assignment.ends_on else None,
        "status": assignment.status.value,
        "note": assignment.note,
    }


def record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    assignment_id: uuid.UUID,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None,
) -> AssignmentChange | None:
    """Add the history entry of one change to the session (nothing if nothing changed)."""
    if before is None and after is not None:
        action, changed = ChangeAction.created, [f for f in TRACKED if after[f] not in (None, "")]
    elif after is None and before is not None:
        action, changed = ChangeAction.deleted, []
    else:
        assert before is not None
        assert after is not None
        changed = [f for f in TRACKED if before[f] != after[f]]
        if not changed:
            return None
        ended = before["status"] != after["status"] == AssignmentStatus.ended.value
        action = ChangeAction.ended if ended else ChangeAction.updated
    current = after or before
    assert current is not None
    handover = (
        before is not None and after is not None and before["member_id"] != after["member_id"]
    )
    entry = AssignmentChange(
        workspace_id=ctx.workspace_id,
        assignment_id=assignment_id,
        campaign_id=uuid.UUID(current["campaign_id"]) if current["campaign_id"] else None,
        member_id=uuid.UUID(current["member_id"]),
        previous_member_id=uuid.UUID(before["member_id"]) if handover and before else None,
        action=action,
        changed_at=utcnow(),
        actor_user_id=ctx.actor.user_id,
        actor_member_id=ctx.member_id,
        actor_name=session.scalar(select(Member.display_name).where(Member.id == ctx.member_id))
        or "",
        reason=reason or "",
        before=before,
        after=after,
        changed_fields=changed,
    )
    session.add(entry)
    return entry


def list_changes(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    member_id: uuid.UUID | None,
    assignment_id: uuid.UUID | None,
    order: HistoryOrder,
    limit: int,
    cursor: str | None,
) -> tuple[list[AssignmentChange], str | None]:
    _ensure_known(
        session, ctx=ctx, campaign_id=campaign_id, member_id=member_id, assignment_id=assignment_id
    )
    stmt = select(AssignmentChange).where(AssignmentChange.workspace_id == ctx.workspace_id)
    if campaign_id is not None:
        stmt = stmt.where(AssignmentChange.campaign_id == campaign_id)
    if member_id is not None:
        stmt = stmt.where(
            or_(
                AssignmentChange.member_id == member_id,
                AssignmentChange.previous_member_id == member_id,
            )
        )
    if assignment_id is not None:
        stmt = stmt.where(AssignmentChange.assignment_id == assignment_id)
    return paginate(
        session,
        stmt,
        order_by=(AssignmentChange.changed_at, AssignmentChange.id),
        descending=order is HistoryOrder.newest,
        limit=limit,
        cursor=cursor,
    )


def _ensure_known(
    session: Session,
    *,
    ctx: WorkspaceContext,
    campaign_id: uuid.UUID | None,
    member_id: uuid.UUID | None,
    assignment_id: uuid.UUID | None,
) -> None:
    """404 for an id that is neither a row of this workspace nor in its history."""
    mine = AssignmentChange.workspace_id == ctx.workspace_id
    checks: list[tuple[uuid.UUID | None, Any, ColumnElement[bool], str]] = [
        (
            campaign_id,
            Campaign,
            AssignmentChange.campaign_id == campaign_id,
            N_("Campaign not found."),
        ),
        (
            member_id,
            Member,
            or_(
                AssignmentChange.member_id == member_id,
                AssignmentChange.previous_member_id == member_id,
            ),
            N_("Member not found."),
        ),
        (
            assignment_id,
            Assignment,
            AssignmentChange.assignment_id == assignment_id,
            N_("Assignment not found."),
        ),
    ]
    for object_id, model, in_history, missing in checks:
        if object_id is None:
            continue
        live = exists().where(model.id == object_id, model.workspace_id == ctx.workspace_id)
        recorded = exists().where(mine, in_history)
        if not session.scalar(select(live | recorded)):
            raise NotFound(missing)
