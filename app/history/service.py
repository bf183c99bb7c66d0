"""The assignments' history: their entries in the activity stream, read as a timeline.

An assignment's activities keep what changed (all fields with their names when it is
created or deleted, the changed ones otherwise); the timeline (app/history/reads.py)
replays them to show each entry's full `before` and `after`. Assignments removed with
their scope or campaign get one `assignment.deleted` each, with a reason code, in the
same transaction.
"""

import uuid
from collections.abc import Mapping
from typing import Any, cast

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.permissions import WorkspaceContext
from app.history.schemas import AssignmentSnapshot
from app.models import Activity, Assignment, Campaign, ChangeAction, Member, Role, Scope
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
SUBJECT = "assignment"
_SNAPSHOT_KEYS = tuple(AssignmentSnapshot.model_fields)


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


def snapshot_of(reply: BaseModel) -> dict[str, Any]:
    """The same as `snapshot`, from an assignment's reply (which carries the names)."""
    return AssignmentSnapshot.model_validate(reply, from_attributes=True).model_dump(mode="json")


def record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    assignment_id: uuid.UUID,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None,
    reason_code: str | None = None,
    reason_params: Mapping[str, Any] | None = None,
) -> Activity | None:
    """Add the activity of one change to the session (nothing if nothing changed)."""
    current = after or before
    assert current is not None
    if before is None:
        action = ChangeAction.created
    elif after is None:
        action = ChangeAction.deleted
    else:
        ended = before["status"] != after["status"] == AssignmentStatus.ended.value
        action = ChangeAction.ended if ended else ChangeAction.updated
    handover = (
        before is not None and after is not None and before["member_id"] != after["member_id"]
    )
    return activity.record(
        session,
        ctx=ctx,
        verb=f"{SUBJECT}.{action.value}",
        subject_id=assignment_id,
        subject_name=f"{current['member_name']} · {current['role_name']}",
        campaign_id=_id(current["campaign_id"]),
        member_id=_id(current["member_id"]),
        related_member_id=_id(before["member_id"]) if handover and before else None,
        before=before,
        after=after,
        reason=reason,
        reason_code=reason_code,
        reason_params=reason_params,
    )


_ASSIGNMENTS = cast(Table, Assignment.__table__)
_SNAPSHOT = (
    select(
        _ASSIGNMENTS,
        Member.display_name.label("member_name"),
        Role.name.label("role_name"),
        Campaign.name.label("campaign_name"),
        Scope.name.label("scope_name"),
    )
    .join_from(_ASSIGNMENTS, Member, Member.id == _ASSIGNMENTS.c.member_id)
    .join(Role, Role.id == _ASSIGNMENTS.c.role_id)
    .outerjoin(Campaign, Campaign.id == _ASSIGNMENTS.c.campaign_id)
    .outerjoin(Scope, Scope.id == _ASSIGNMENTS.c.scope_id)
    .order_by(_ASSIGNMENTS.c.created_at, _ASSIGNMENTS.c.id)
)


def record_removed_with(
    session: Session,
    *,
    ctx: WorkspaceContext,
    removed: ColumnElement[bool],
    reason_code: str,
    reason_params: Mapping[str, Any],
) -> int:
    """One `assignment.deleted` for each assignment about to go with a deleted parent.

    `removed` selects them (`Assignment.scope_id == scope.id`); call it before deleting.
    """
    rows = session.execute(
        _SNAPSHOT.where(_ASSIGNMENTS.c.workspace_id == ctx.workspace_id, removed)
    )
    params = {"actor": activity.actor_name(session, activity.Origin.of(ctx)), **reason_params}
    count = 0
    for row in rows:
        values = row._mapping
        record(
            session,
            ctx=ctx,
            assignment_id=values["id"],
            before=activity.jsonable({name: values[name] for name in _SNAPSHOT_KEYS}),
            after=None,
            reason=None,
            reason_code=reason_code,
            reason_params=params,
        )
        count += 1
    return count


def _id(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None
