import uuid

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.permissions import WorkspaceContext
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.files.http import FilesDep
from app.ip import reads, service
from app.ip.schemas import IPAssetCreate, IPAssetPage, IPAssetRead, IPAssetUpdate
from app.models.contract import IPAssetKind
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/ip-assets", tags=["ip_assets"], route_class=TransactionalRoute
)


@router.get("", summary="List IP assets", responses=problem_responses(404))
def ip_assets_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    kind: IPAssetKind | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> IPAssetPage:
    items, next_cursor = reads.assets_page(session, ctx=ctx, kind=kind, limit=limit, cursor=cursor)
    return IPAssetPage(items=items, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Register an IP asset (editor); owners' shares must sum to 100 %",
    responses=problem_responses(404),
)
def ip_assets_create(
    session: SessionDep, ctx: WorkspaceDep, asset_in: IPAssetCreate, response: Response
) -> IPAssetRead:
    asset = service.create(session, ctx=ctx, asset_in=asset_in)
    return _reply(session, ctx, asset.id, response)


@router.get("/{asset_id}", summary="Get an IP asset", responses=problem_responses(404))
def ip_assets_get(
    session: SessionDep, ctx: WorkspaceDep, asset_id: uuid.UUID, response: Response
) -> IPAssetRead:
    return _reply(session, ctx, asset_id, response)


@router.patch(
    "/{asset_id}", summary="Change an IP asset (editor)", responses=problem_responses(404)
)
def ip_assets_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    asset_id: uuid.UUID,
    asset_in: IPAssetUpdate,
    if_match: IfMatch,
    response: Response,
) -> IPAssetRead:
    service.update(session, ctx=ctx, asset_id=asset_id, asset_in=asset_in, if_match=if_match)
    return _reply(session, ctx, asset_id, response)


@router.delete(
    "/{asset_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an IP asset (editor)",
    responses=problem_responses(404),
)
def ip_assets_delete(
    session: SessionDep, ctx: WorkspaceDep, files: FilesDep, asset_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, asset_id=asset_id, if_match=if_match, blobs=files.blobs)


def _reply(
    session: Session, ctx: WorkspaceContext, asset_id: uuid.UUID, response: Response
) -> IPAssetRead:
    """The asset re-read as the API shows it, with its version as the ETag."""
    reply, version = reads.read_asset(session, ctx=ctx, asset_id=asset_id)
    set_etag(response, version)
    return reply
