import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.work_plans import service
from app.work_plans.schemas import (
    OccurrencePreview,
    OccurrenceSkip,
    WorkPlanCreate,
    WorkPlanPage,
    WorkPlanRead,
    WorkPlanUpdate,
)
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/work-plans",
    tags=["work_plans"],
    route_class=TransactionalRoute,
)


@router.get("", summary="List work plans", responses=problem_responses(404))
def work_plans_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID | None = None,
    owner_member_id: uuid.UUID | None = None,
    role_id: uuid.UUID | None = None,
    enabled: bool | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> WorkPlanPage:
    return service.list_plans(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        owner_member_id=owner_member_id,
        role_id=role_id,
        enabled=enabled,
        limit=limit,
        cursor=cursor,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a recurring work plan (its first occurrences appear at once)",
    responses=problem_responses(404),
)
def work_plans_create(
    session: SessionDep, ctx: WorkspaceDep, plan_in: WorkPlanCreate, response: Response
) -> WorkPlanRead:
    plan = service.create(session, ctx=ctx, plan_in=plan_in)
    set_etag(response, plan.version)
    return plan


@router.get("/{plan_id}", summary="Get a work plan", responses=problem_responses(404))
def work_plans_get(
    session: SessionDep, ctx: WorkspaceDep, plan_id: uuid.UUID, response: Response
) -> WorkPlanRead:
    plan = service.get(session, ctx=ctx, plan_id=plan_id)
    set_etag(response, plan.version)
    return plan


@router.patch(
    "/{plan_id}",
    summary="Change a work plan (open future occurrences follow; done ones never change)",
    responses=problem_responses(404),
)
def work_plans_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    plan_id: uuid.UUID,
    plan_in: WorkPlanUpdate,
    if_match: IfMatch,
    response: Response,
) -> WorkPlanRead:
    plan = service.update(session, ctx=ctx, plan_id=plan_id, plan_in=plan_in, if_match=if_match)
    set_etag(response, plan.version)
    return plan


@router.delete(
    "/{plan_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a work plan (its done occurrences stay)",
    responses=problem_responses(404),
)
def work_plans_delete(
    session: SessionDep, ctx: WorkspaceDep, plan_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, plan_id=plan_id, if_match=if_match)


@router.get(
    "/{plan_id}/preview",
    summary="The next occurrences of a plan, without creating them",
    responses=problem_responses(404),
)
def work_plans_preview(
    session: SessionDep,
    ctx: WorkspaceDep,
    plan_id: uuid.UUID,
    count: Annotated[int, Query(ge=1, le=100, description="How many, 1–100.")] = 10,
) -> OccurrencePreview:
    return service.preview(session, ctx=ctx, plan_id=plan_id, count=count)


@router.post(
    "/{plan_id}/occurrences/skip",
    summary="Skip one occurrence of a plan (its task, if open, is cancelled)",
    responses=problem_responses(404),
)
def occurrences_skip(
    session: SessionDep,
    ctx: WorkspaceDep,
    plan_id: uuid.UUID,
    skip_in: OccurrenceSkip,
    if_match: IfMatch,
    response: Response,
) -> WorkPlanRead:
    plan = service.skip(session, ctx=ctx, plan_id=plan_id, skip_in=skip_in, if_match=if_match)
    set_etag(response, plan.version)
    return plan
