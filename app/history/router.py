import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.history import service
from app.history.schemas import (
    AssignmentChangePage,
    AssignmentChangeRead,
    AssignmentSnapshot,
    HistoryOrder,
)
from app.models import AssignmentChange
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}", tags=["assignments"], route_class=TransactionalRoute
)


def change_read(entry: AssignmentChange) -> AssignmentChangeRead:
    return AssignmentChangeRead(
        id=entry.id,
        assignment_id=entry.assignment_id,
        campaign_id=entry.campaign_id,
        member_id=entry.member_id,
        previous_member_id=entry.previous_member_id,
        action=entry.action,
        changed_at=entry.changed_at,
        actor_member_id=entry.actor_member_id,
        actor_name=entry.actor_name,
        reason=entry.reason,
        changed_fields=entry.changed_fields,
        before=AssignmentSnapshot.model_validate(entry.before) if entry.before else None,
        after=AssignmentSnapshot.model_validate(entry.after) if entry.after else None,
    )


@router.get(
    "/assignment-history",
    summary="The history of assignments: who changed what, when and why (a timeline)",
    responses=problem_responses(404),
)
def assignments_history(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: Annotated[uuid.UUID | None, Query(description="Only this campaign's.")] = None,
    member_id: Annotated[
        uuid.UUID | None, Query(description="Only assignments this member held or was handed.")
    ] = None,
    assignment_id: Annotated[
        uuid.UUID | None, Query(description="Only this assignment's (also once deleted).")
    ] = None,
    order: Annotated[
        HistoryOrder, Query(description="`newest` first (default) or `oldest` first.")
    ] = HistoryOrder.newest,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AssignmentChangePage:
    entries, next_cursor = service.list_changes(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        member_id=member_id,
        assignment_id=assignment_id,
        order=order,
        limit=limit,
        cursor=cursor,
    )
    return AssignmentChangePage(items=[change_read(e) for e in entries], next_cursor=next_cursor)
