import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.activity.reasons import reason_text
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
from app.models import Activity, ChangeAction
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}", tags=["assignments"], route_class=TransactionalRoute
)


def change_read(
    entry: Activity, before: dict[str, Any] | None, after: dict[str, Any] | None, *, locale: str
) -> AssignmentChangeRead:
    current = after or before or {}
    return AssignmentChangeRead(
        id=entry.id,
        assignment_id=entry.subject_id,
        campaign_id=entry.campaign_id,
        member_id=uuid.UUID(current["member_id"]),
        previous_member_id=entry.related_member_id,
        action=ChangeAction(entry.verb.partition(".")[2]),
        changed_at=entry.occurred_at,
        actor_member_id=entry.actor_member_id,
        actor_name=entry.actor_name,
        reason=reason_text(
            reason=entry.reason,
            code=entry.reason_code,
            params=entry.reason_params,
            locale=locale,
        ),
        reason_code=entry.reason_code,
        changed_fields=service.changed_fields(entry, before, after),
        before=AssignmentSnapshot.model_validate(before) if before else None,
        after=AssignmentSnapshot.model_validate(after) if after else None,
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
    locale = ctx.actor.locale.value
    return AssignmentChangePage(
        items=[change_read(*entry, locale=locale) for entry in entries], next_cursor=next_cursor
    )
