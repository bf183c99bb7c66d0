import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.deals import partners as service
from app.deals import stages
from app.deals.schemas import (
    PartnerCreate,
    PartnerPage,
    PartnerRead,
    PartnerUpdate,
    PipelineStageCreate,
    PipelineStagePage,
    PipelineStageRead,
    PipelineStageUpdate,
)
from app.models.deal import PartnerKind
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/partners", tags=["partners"], route_class=TransactionalRoute
)
stages_router = APIRouter(
    prefix="/workspaces/{workspace}/pipeline-stages",
    tags=["pipeline_stages"],
    route_class=TransactionalRoute,
)


@router.get("", summary="List partners", responses=problem_responses(404))
def partners_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    kind: PartnerKind | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Matches name or notes.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PartnerPage:
    found, next_cursor = service.list_partners(
        session, ctx=ctx, kind=kind, q=q, limit=limit, cursor=cursor
    )
    return PartnerPage(
        items=[PartnerRead.model_validate(p) for p in found], next_cursor=next_cursor
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a partner (editor)",
    responses=problem_responses(404, 409),
)
def partners_create(
    session: SessionDep, ctx: WorkspaceDep, partner_in: PartnerCreate, response: Response
) -> PartnerRead:
    partner = service.create(session, ctx=ctx, partner_in=partner_in)
    set_etag(response, partner.version)
    return PartnerRead.model_validate(partner)


@router.get("/{partner_id}", summary="Get a partner", responses=problem_responses(404))
def partners_get(
    session: SessionDep, ctx: WorkspaceDep, partner_id: uuid.UUID, response: Response
) -> PartnerRead:
    partner = service.get(session, ctx=ctx, partner_id=partner_id)
    set_etag(response, partner.version)
    return PartnerRead.model_validate(partner)


@router.patch(
    "/{partner_id}", summary="Change a partner (editor)", responses=problem_responses(404, 409)
)
def partners_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    partner_id: uuid.UUID,
    partner_in: PartnerUpdate,
    if_match: IfMatch,
    response: Response,
) -> PartnerRead:
    partner = service.update(
        session, ctx=ctx, partner_id=partner_id, partner_in=partner_in, if_match=if_match
    )
    set_etag(response, partner.version)
    return PartnerRead.model_validate(partner)


@router.delete(
    "/{partner_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a partner without deals (editor)",
    responses=problem_responses(404, 409),
)
def partners_delete(
    session: SessionDep, ctx: WorkspaceDep, partner_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, partner_id=partner_id, if_match=if_match)


@stages_router.get(
    "", summary="List the deal pipeline's stages, in order", responses=problem_responses(404)
)
def pipeline_stages_list(
    session: SessionDep, ctx: WorkspaceDep, limit: Limit = 50, cursor: Cursor = None
) -> PipelineStagePage:
    found, next_cursor = stages.list_stages(session, ctx=ctx, limit=limit, cursor=cursor)
    return PipelineStagePage(
        items=[PipelineStageRead.model_validate(s) for s in found], next_cursor=next_cursor
    )


@stages_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a pipeline stage (admin)",
    responses=problem_responses(404, 409),
)
def pipeline_stages_create(
    session: SessionDep, ctx: WorkspaceDep, stage_in: PipelineStageCreate, response: Response
) -> PipelineStageRead:
    stage = stages.create(session, ctx=ctx, stage_in=stage_in)
    set_etag(response, stage.version)
    return PipelineStageRead.model_validate(stage)


@stages_router.patch(
    "/{stage_id}",
    summary="Rename, reorder or re-weigh a pipeline stage (admin)",
    responses=problem_responses(404, 409),
)
def pipeline_stages_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    stage_id: uuid.UUID,
    stage_in: PipelineStageUpdate,
    if_match: IfMatch,
    response: Response,
) -> PipelineStageRead:
    stage = stages.update(session, ctx=ctx, stage_id=stage_id, stage_in=stage_in, if_match=if_match)
    set_etag(response, stage.version)
    return PipelineStageRead.model_validate(stage)


@stages_router.delete(
    "/{stage_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a pipeline stage no deal has used (admin)",
    responses=problem_responses(404, 409),
)
def pipeline_stages_delete(
    session: SessionDep, ctx: WorkspaceDep, stage_id: uuid.UUID, if_match: IfMatch
) -> None:
    stages.delete(session, ctx=ctx, stage_id=stage_id, if_match=if_match)
