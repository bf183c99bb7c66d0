import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.history import reads
from app.history.schemas import AssignmentChangePage, HistoryOrder
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}", tags=["assignments"], route_class=TransactionalRoute
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
    changes, next_cursor = reads.list_page(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        member_id=member_id,
        assignment_id=assignment_id,
        order=order,
        limit=limit,
        cursor=cursor,
    )
    return AssignmentChangePage(items=changes, next_cursor=next_cursor)
