import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.deals import health, reads, service
from app.deals.health import DealsHealth
from app.deals.pipeline import DealsPipeline
from app.deals.pipeline import deals_pipeline as pipeline_of
from app.deals.schemas import (
    DealCreate,
    DealFilters,
    DealPage,
    DealRead,
    DealStageChangePage,
    DealUpdate,
)
from app.models.deal import StageOutcome
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/deals", tags=["deals"], route_class=TransactionalRoute
)


@router.get("", summary="List deals, newest first", responses=problem_responses(404))
def deals_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    stage_id: uuid.UUID | None = None,
    partner_id: uuid.UUID | None = None,
    owner_member_id: uuid.UUID | None = None,
    campaign_id: uuid.UUID | None = None,
    outcome: Annotated[
        StageOutcome | None, Query(description="Deals in stages of this outcome.")
    ] = None,
    q: Annotated[str | None, Query(max_length=100, description="Matches the title.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DealPage:
    filters = DealFilters(
        stage_id=stage_id,
        partner_id=partner_id,
        owner_member_id=owner_member_id,
        campaign_id=campaign_id,
        outcome=outcome,
        q=q,
    )
    items, next_cursor = service.list_deals(
        session, ctx=ctx, filters=filters, limit=limit, cursor=cursor
    )
    return DealPage(items=items, next_cursor=next_cursor)


@router.get(
    "/pipeline",
    summary="The pipeline: per stage and currency, counts, value, weighted value, "
    "conversion and days in stage; a forecast by close month",
    responses=problem_responses(404),
)
def deals_pipeline(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID | None = None,
    owner_member_id: uuid.UUID | None = None,
) -> DealsPipeline:
    return pipeline_of(session, ctx=ctx, campaign_id=campaign_id, owner_member_id=owner_member_id)


@router.get(
    "/health",
    summary="Deals that need attention: stalled, or without an owner",
    responses=problem_responses(404),
)
def deals_health(
    session: SessionDep,
    ctx: WorkspaceDep,
    stalled_after_days: Annotated[
        int,
        Query(ge=1, le=365, description="No move and no next step for this many days."),
    ] = health.STALLED_AFTER_DAYS,
) -> DealsHealth:
    return health.deals_health(session, ctx=ctx, stalled_after_days=stalled_after_days)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a deal (editor)",
    responses=problem_responses(404),
)
def deals_create(
    session: SessionDep, ctx: WorkspaceDep, deal_in: DealCreate, response: Response
) -> DealRead:
    deal, version = service.create(session, ctx=ctx, deal_in=deal_in)
    set_etag(response, version)
    return deal


@router.get("/{deal_id}", summary="Get a deal", responses=problem_responses(404))
def deals_get(
    session: SessionDep, ctx: WorkspaceDep, deal_id: uuid.UUID, response: Response
) -> DealRead:
    deal, version = reads.read_deal(session, workspace_id=ctx.workspace_id, deal_id=deal_id)
    set_etag(response, version)
    return deal


@router.patch(
    "/{deal_id}",
    summary="Change a deal or move it to another stage (editor)",
    responses=problem_responses(404),
)
def deals_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    deal_id: uuid.UUID,
    deal_in: DealUpdate,
    if_match: IfMatch,
    response: Response,
) -> DealRead:
    deal, version = service.update(
        session, ctx=ctx, deal_id=deal_id, deal_in=deal_in, if_match=if_match
    )
    set_etag(response, version)
    return deal


@router.delete(
    "/{deal_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a deal and its stage history (editor)",
    responses=problem_responses(404),
)
def deals_delete(
    session: SessionDep, ctx: WorkspaceDep, deal_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, deal_id=deal_id, if_match=if_match)


@router.get(
    "/{deal_id}/stages",
    summary="A deal's stage history, oldest move first",
    responses=problem_responses(404),
)
def deals_history(
    session: SessionDep,
    ctx: WorkspaceDep,
    deal_id: uuid.UUID,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DealStageChangePage:
    service.get(session, ctx=ctx, deal_id=deal_id)
    items, next_cursor = reads.read_stage_changes(
        session, workspace_id=ctx.workspace_id, deal_id=deal_id, limit=limit, cursor=cursor
    )
    return DealStageChangePage(items=items, next_cursor=next_cursor)
