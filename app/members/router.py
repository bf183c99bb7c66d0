import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.members import reads, service
from app.members.schemas import MemberCreate, MemberPage, MemberRead, MemberUpdate
from app.models.enums import MemberStatus
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/members", tags=["members"], route_class=TransactionalRoute
)


@router.get("", summary="List and search members", responses=problem_responses(404))
def members_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    status: MemberStatus | None = None,
    skill_id: Annotated[uuid.UUID | None, Query(description="Members with this skill.")] = None,
    min_level: Annotated[
        int, Query(ge=1, le=5, description="With `skill_id`: at least this level.")
    ] = 1,
    role_id: Annotated[
        uuid.UUID | None, Query(description="Members with an active assignment in this role.")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Matches name, email or title.")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> MemberPage:
    members, next_cursor = reads.list_page(
        session,
        ctx=ctx,
        status=status,
        skill_id=skill_id,
        min_level=min_level,
        role_id=role_id,
        q=q,
        limit=limit,
        cursor=cursor,
    )
    return MemberPage(items=members, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a member (admin)",
    responses=problem_responses(404, 409),
)
def members_create(
    session: SessionDep, ctx: WorkspaceDep, member_in: MemberCreate, response: Response
) -> MemberRead:
    member = service.create(session, ctx=ctx, member_in=member_in)
    view, version = reads.read(session, ctx=ctx, member_id=member.id)
    set_etag(response, version)
    return view


@router.get("/{member_id}", summary="Get a member", responses=problem_responses(404))
def members_get(
    session: SessionDep, ctx: WorkspaceDep, member_id: uuid.UUID, response: Response
) -> MemberRead:
    member, version = reads.read(session, ctx=ctx, member_id=member_id)
    set_etag(response, version)
    return member


@router.patch(
    "/{member_id}",
    summary="Change a member, their skills or access (admin)",
    responses=problem_responses(404, 409),
)
def members_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    member_id: uuid.UUID,
    member_in: MemberUpdate,
    if_match: IfMatch,
    response: Response,
) -> MemberRead:
    member = service.update(
        session, ctx=ctx, member_id=member_id, member_in=member_in, if_match=if_match
    )
    view, version = reads.read(session, ctx=ctx, member_id=member.id)
    set_etag(response, version)
    return view


@router.delete(
    "/{member_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a member without assignments (admin)",
    responses=problem_responses(404, 409),
)
def members_delete(
    session: SessionDep, ctx: WorkspaceDep, member_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, member_id=member_id, if_match=if_match)
