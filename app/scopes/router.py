import uuid

from fastapi import APIRouter, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.scopes import reads, service
from app.scopes.schemas import ScopeCreate, ScopePage, ScopeRead, ScopeUpdate
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/campaigns/{campaign_id}/scopes",
    tags=["scopes"],
    route_class=TransactionalRoute,
)


@router.get("", summary="List a campaign's scopes", responses=problem_responses(404))
def scopes_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ScopePage:
    scopes, next_cursor = reads.list_page(
        session, ctx=ctx, campaign_id=campaign_id, limit=limit, cursor=cursor
    )
    return ScopePage(items=scopes, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a scope to a campaign",
    responses=problem_responses(404, 409),
)
def scopes_create(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    scope_in: ScopeCreate,
    response: Response,
) -> ScopeRead:
    scope, version = service.create(session, ctx=ctx, campaign_id=campaign_id, scope_in=scope_in)
    set_etag(response, version)
    return scope


@router.get("/{scope_id}", summary="Get a scope", responses=problem_responses(404))
def scopes_get(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    scope_id: uuid.UUID,
    response: Response,
) -> ScopeRead:
    scope, version = reads.read(session, ctx=ctx, campaign_id=campaign_id, scope_id=scope_id)
    set_etag(response, version)
    return scope


@router.patch(
    "/{scope_id}", summary="Rename or describe a scope", responses=problem_responses(404, 409)
)
def scopes_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    scope_id: uuid.UUID,
    scope_in: ScopeUpdate,
    if_match: IfMatch,
    response: Response,
) -> ScopeRead:
    scope, version = service.update(
        session,
        ctx=ctx,
        campaign_id=campaign_id,
        scope_id=scope_id,
        scope_in=scope_in,
        if_match=if_match,
    )
    set_etag(response, version)
    return scope


@router.delete(
    "/{scope_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a scope without active assignments",
    responses=problem_responses(404, 409),
)
def scopes_delete(
    session: SessionDep,
    ctx: WorkspaceDep,
    campaign_id: uuid.UUID,
    scope_id: uuid.UUID,
    if_match: IfMatch,
) -> None:
    service.delete(session, ctx=ctx, campaign_id=campaign_id, scope_id=scope_id, if_match=if_match)
