import uuid

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.permissions import WorkspaceContext
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.documents.routes import OwnerInfo, add_document_routes
from app.files.http import FilesDep
from app.ip import grants, reads
from app.ip.grants_schemas import (
    LicenceGrantCreate,
    LicenceGrantPage,
    LicenceGrantRead,
    LicenceGrantUpdate,
)
from app.models.paper import DocumentOwner
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/licence-grants",
    tags=["licence_grants"],
    route_class=TransactionalRoute,
)


@router.get("", summary="List licence grants", responses=problem_responses(404))
def licence_grants_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    ip_asset_id: uuid.UUID | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> LicenceGrantPage:
    items, next_cursor = reads.grants_page(
        session, ctx=ctx, ip_asset_id=ip_asset_id, limit=limit, cursor=cursor
    )
    return LicenceGrantPage(items=items, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="License an IP asset to a licensee (editor)",
    responses=problem_responses(404),
)
def licence_grants_create(
    session: SessionDep, ctx: WorkspaceDep, grant_in: LicenceGrantCreate, response: Response
) -> LicenceGrantRead:
    grant = grants.create(session, ctx=ctx, grant_in=grant_in)
    return _reply(session, ctx, grant.id, response)


@router.get("/{grant_id}", summary="Get a licence grant", responses=problem_responses(404))
def licence_grants_get(
    session: SessionDep, ctx: WorkspaceDep, grant_id: uuid.UUID, response: Response
) -> LicenceGrantRead:
    return _reply(session, ctx, grant_id, response)


@router.patch(
    "/{grant_id}", summary="Change a licence grant (editor)", responses=problem_responses(404)
)
def licence_grants_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    grant_id: uuid.UUID,
    grant_in: LicenceGrantUpdate,
    if_match: IfMatch,
    response: Response,
) -> LicenceGrantRead:
    grants.update(session, ctx=ctx, grant_id=grant_id, grant_in=grant_in, if_match=if_match)
    return _reply(session, ctx, grant_id, response)


@router.delete(
    "/{grant_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a licence grant and its documents (editor)",
    responses=problem_responses(404),
)
def licence_grants_delete(
    session: SessionDep, ctx: WorkspaceDep, files: FilesDep, grant_id: uuid.UUID, if_match: IfMatch
) -> None:
    grants.delete(session, ctx=ctx, grant_id=grant_id, if_match=if_match, blobs=files.blobs)


def _reply(
    session: Session, ctx: WorkspaceContext, grant_id: uuid.UUID, response: Response
) -> LicenceGrantRead:
    """The grant re-read as the API shows it, with its version as the ETag."""
    reply, version = reads.read_grant(session, ctx=ctx, grant_id=grant_id)
    set_etag(response, version)
    return reply


def _grant(session: Session, ctx: WorkspaceContext, grant_id: uuid.UUID | None) -> OwnerInfo:
    assert grant_id is not None
    grant = grants.get(session, ctx=ctx, grant_id=grant_id)
    return OwnerInfo(grant.id, grant.licensee)


# Chain-of-title documents, e.g. `licence_grants_documents_create`.
add_document_routes(
    router,
    resource="licence_grants",
    label="a licence grant (chain of title)",
    owner_type=DocumentOwner.licence_grant,
    owner_param="grant_id",
    load_owner=_grant,
    document_param="grant_document_id",
)
