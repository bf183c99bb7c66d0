import uuid

from fastapi import APIRouter, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.files.http import FilesDep
from app.ip import service
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
    items, next_cursor = service.list_assets(
        session, ctx=ctx, kind=kind, limit=limit, cursor=cursor
    )
    return IPAssetPage(
        items=[IPAssetRead.model_validate(a) for a in items], next_cursor=next_cursor
    )


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
    set_etag(response, asset.version)
    return IPAssetRead.model_validate(asset)


@router.get("/{asset_id}", summary="Get an IP asset", responses=problem_responses(404))
def ip_assets_get(
    session: SessionDep, ctx: WorkspaceDep, asset_id: uuid.UUID, response: Response
) -> IPAssetRead:
    asset = service.get(session, ctx=ctx, asset_id=asset_id)
    set_etag(response, asset.version)
    return IPAssetRead.model_validate(asset)


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
    asset = service.update(
        session, ctx=ctx, asset_id=asset_id, asset_in=asset_in, if_match=if_match
    )
    set_etag(response, asset.version)
    return IPAssetRead.model_validate(asset)


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
