from fastapi import APIRouter, Response, status

from app.auth.dependencies import ActorDep
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.workspaces import reads, service
from app.workspaces.dependencies import WorkspaceDep
from app.workspaces.schemas import (
    WorkspaceCreate,
    WorkspacePage,
    WorkspaceRead,
    WorkspaceUpdate,
)

router = APIRouter(prefix="/workspaces", tags=["workspaces"], route_class=TransactionalRoute)


@router.get("", summary="List the workspaces you belong to")
def workspaces_list(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, cursor: Cursor = None
) -> WorkspacePage:
    items, next_cursor = reads.list_page(session, actor=actor, limit=limit, cursor=cursor)
    return WorkspacePage(items=items, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a workspace (you become its owner)",
    responses=problem_responses(409),
)
def workspaces_create(
    session: SessionDep, actor: ActorDep, workspace_in: WorkspaceCreate, response: Response
) -> WorkspaceRead:
    workspace, version = service.create(session, actor=actor, workspace_in=workspace_in)
    set_etag(response, version)
    return workspace


@router.get("/{workspace}", summary="Get a workspace", responses=problem_responses(404))
def workspaces_get(session: SessionDep, ctx: WorkspaceDep, response: Response) -> WorkspaceRead:
    workspace, version = reads.read(session, workspace_id=ctx.workspace_id, member_id=ctx.member_id)
    set_etag(response, version)
    return workspace


@router.patch(
    "/{workspace}",
    summary="Change a workspace's name, language or time zone",
    responses=problem_responses(404),
)
def workspaces_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    workspace_in: WorkspaceUpdate,
    if_match: IfMatch,
    response: Response,
) -> WorkspaceRead:
    workspace, version = service.update(
        session, ctx=ctx, workspace_in=workspace_in, if_match=if_match
    )
    set_etag(response, version)
    return workspace


@router.delete(
    "/{workspace}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a workspace and everything in it (owner only)",
    responses=problem_responses(404),
)
def workspaces_delete(session: SessionDep, ctx: WorkspaceDep, if_match: IfMatch) -> None:
    service.delete(session, ctx=ctx, if_match=if_match)
