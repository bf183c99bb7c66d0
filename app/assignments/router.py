import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.assignments import reads, service
from app.assignments.schemas import (
    AssignmentCreate,
    AssignmentPage,
    AssignmentRead,
    AssignmentUpdate,
)
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.models.enums import AssignmentStatus, Raci
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/assignments",
    tags=["assignments"],
    route_class=TransactionalRoute,
)


@router.get("", summary="List assignments", responses=problem_responses(404))
def assignments_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    member_id: uuid.UUID | None = None,
    role_id: uuid.UUID | None = None,
    campaign_id: uuid.UUID | None = None,
    scope_id: uuid.UUID | None = None,
    raci: Raci | None = None,
    status: AssignmentStatus | None = None,
    active_on: Annotated[
        date | None, Query(description="Active assignments whose dates include this day.")
    ] = None,
    standing: Annotated[
        bool | None, Query(description="`true`: only workspace-wide; `false`: only campaigns.")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AssignmentPage:
    assignments, next_cursor = reads.list_page(
        session,
        ctx=ctx,
        member_id=member_id,
        role_id=role_id,
        campaign_id=campaign_id,
        scope_id=scope_id,
        raci=raci,
        status=status,
        active_on=active_on,
        standing=standing,
        limit=limit,
        cursor=cursor,
    )
    return AssignmentPage(items=assignments, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Assign a member a role in a campaign scope, with a RACI letter",
    responses=problem_responses(404, 409),
)
def assignments_create(
    session: SessionDep, ctx: WorkspaceDep, assignment_in: AssignmentCreate, response: Response
) -> AssignmentRead:
    assignment, version = service.create(session, ctx=ctx, assignment_in=assignment_in)
    set_etag(response, version)
    return assignment


@router.get("/{assignment_id}", summary="Get an assignment", responses=problem_responses(404))
def assignments_get(
    session: SessionDep, ctx: WorkspaceDep, assignment_id: uuid.UUID, response: Response
) -> AssignmentRead:
    assignment, version = reads.read(session, ctx=ctx, assignment_id=assignment_id)
    set_etag(response, version)
    return assignment


@router.patch(
    "/{assignment_id}",
    summary="Change, hand over or end an assignment",
    responses=problem_responses(404, 409),
)
def assignments_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    assignment_id: uuid.UUID,
    assignment_in: AssignmentUpdate,
    if_match: IfMatch,
    response: Response,
) -> AssignmentRead:
    assignment, version = service.update(
        session,
        ctx=ctx,
        assignment_id=assignment_id,
        assignment_in=assignment_in,
        if_match=if_match,
    )
    set_etag(response, version)
    return assignment


@router.delete(
    "/{assignment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an assignment (to keep the record, end it instead)",
    responses=problem_responses(404),
)
def assignments_delete(
    session: SessionDep,
    ctx: WorkspaceDep,
    assignment_id: uuid.UUID,
    if_match: IfMatch,
    reason: Annotated[
        str | None, Query(max_length=500, description="Why: kept in the history.")
    ] = None,
) -> None:
    service.delete(session, ctx=ctx, assignment_id=assignment_id, if_match=if_match, reason=reason)
