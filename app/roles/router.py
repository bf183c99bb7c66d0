import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.roles import reads, service
from app.roles.schemas import RoleCreate, RolePage, RoleRead, RoleUpdate
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/roles", tags=["roles"], route_class=TransactionalRoute
)


@router.get("", summary="List roles", responses=problem_responses(404))
def roles_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    q: Annotated[str | None, Query(max_length=100, description="Matches key or name.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> RolePage:
    roles, next_cursor = reads.list_page(session, ctx=ctx, q=q, limit=limit, cursor=cursor)
    return RolePage(items=roles, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a role (admin)",
    responses=problem_responses(404, 409),
)
def roles_create(
    session: SessionDep, ctx: WorkspaceDep, role_in: RoleCreate, response: Response
) -> RoleRead:
    role, version = service.create(session, ctx=ctx, role_in=role_in)
    set_etag(response, version)
    return role


@router.get("/{role_id}", summary="Get a role", responses=problem_responses(404))
def roles_get(
    session: SessionDep, ctx: WorkspaceDep, role_id: uuid.UUID, response: Response
) -> RoleRead:
    role, version = reads.read(session, ctx=ctx, role_id=role_id)
    set_etag(response, version)
    return role


@router.patch(
    "/{role_id}",
    summary="Change a role's responsibilities, authorities or skills (admin)",
    responses=problem_responses(404, 409),
)
def roles_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    role_id: uuid.UUID,
    role_in: RoleUpdate,
    if_match: IfMatch,
    response: Response,
) -> RoleRead:
    role, version = service.update(
        session, ctx=ctx, role_id=role_id, role_in=role_in, if_match=if_match
    )
    set_etag(response, version)
    return role


@router.delete(
    "/{role_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a role nobody is assigned to (admin)",
    responses=problem_responses(404, 409),
)
def roles_delete(
    session: SessionDep, ctx: WorkspaceDep, role_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, role_id=role_id, if_match=if_match)
