import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.invites import reads, service
from app.invites.schemas import InviteCreate, InviteCreated, InvitePage
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/invites", tags=["invites"], route_class=TransactionalRoute
)


@router.get("", summary="List invites (admin)", responses=problem_responses(403, 404))
def invites_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    pending: Annotated[bool, Query(description="Only invites that can still be used.")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> InvitePage:
    invites, next_cursor = reads.list_page(
        session, ctx=ctx, pending_only=pending, limit=limit, cursor=cursor
    )
    return InvitePage(items=invites, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Invite someone by email; returns a one-time link (shown once). "
    "An email with a pending invite gets that invite again, with a new link.",
    responses=problem_responses(404, 409),
)
def invites_create(
    session: SessionDep, ctx: WorkspaceDep, invite_in: InviteCreate
) -> InviteCreated:
    return service.create(session, ctx=ctx, invite_in=invite_in)


@router.post(
    "/{invite_id}/resend",
    summary="Send a pending invite again: a new one-time link (the old one stops working)",
    responses=problem_responses(404, 409),
)
def invites_resend(session: SessionDep, ctx: WorkspaceDep, invite_id: uuid.UUID) -> InviteCreated:
    return service.resend(session, ctx=ctx, invite_id=invite_id)


@router.delete(
    "/{invite_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw an invite",
    responses=problem_responses(404),
)
def invites_revoke(session: SessionDep, ctx: WorkspaceDep, invite_id: uuid.UUID) -> None:
    service.revoke(session, ctx=ctx, invite_id=invite_id)
