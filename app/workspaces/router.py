from fastapi import APIRouter, Response, status

from app.auth.dependencies import ActorDep
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.models.enums import Access
from app.workspaces import service
from app.workspaces.dependencies import WorkspaceDep
from app.workspaces.schemas import (
    WorkspaceCreate,
    WorkspacePage,
    WorkspaceRead,
    WorkspaceUpdate,
    workspace_read,
)

router = APIRouter(prefix="/workspaces", tags=["workspaces"], route_class=TransactionalRoute)


@router.get("", summary="List the workspaces you belong to")
def workspaces_list(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, cursor: Cursor = None
) -> WorkspacePage:
    rows, next_cursor = service.list_for_actor(session, actor=actor, limit=limit, cursor=cursor)
    return WorkspacePage(
        items=[workspace_read(w, access, member_id) for w, access, member_id in rows],
        next_cursor=next_cursor,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a workspace (you become its owner)",
    responses=problem_responses(409),
)
def workspaces_create(
    session: SessionDep, actor: ActorDep, workspace_in: WorkspaceCreate, response: Response
) -> WorkspaceRead:
    workspace, owner = service.create(session, actor=actor, workspace_in=workspace_in)
    set_etag(response, workspace.version)
    return workspace_read(workspace, Access.owner, owner.id)


@router.get("/{workspace}", summary="Get a workspace", responses=problem_responses(404))
def workspaces_get(session: SessionDep, ctx: WorkspaceDep, response: Response) -> WorkspaceRead:
    workspace = service.get(session, ctx=ctx)
    set_etag(response, workspace.version)
    return workspace_read(workspace, ctx.access, ctx.member_id)


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
    workspace = service.update(session, ctx=ctx, workspace_in=workspace_in, if_match=if_match)
    set_etag(response, workspace.version)
    return workspace_read(workspace, ctx.access, ctx.member_id)


@router.delete(
    "/{workspace}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a workspace and everything in it (owner only)",
    responses=problem_responses(404),
)
def workspaces_delete(session: SessionDep, ctx: WorkspaceDep, if_match: IfMatch) -> None:
    service.delete(session, ctx=ctx, if_match=if_match)
