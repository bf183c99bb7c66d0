import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import AwareDatetime

from app.announcements import (
    jobs,  # noqa: F401 (registers its job handlers)
    reads,
    service,
    subjects,
)
from app.announcements.schemas import (
    AnnouncementCreate,
    AnnouncementPage,
    AnnouncementRead,
    AnnouncementUpdate,
    ReceiptsRead,
)
from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.core.versioning import IfMatch, set_etag
from app.workspaces.dependencies import WorkspaceDep

subjects.register()

router = APIRouter(
    prefix="/workspaces/{workspace}/announcements",
    tags=["announcements"],
    route_class=TransactionalRoute,
)


@router.get(
    "",
    summary="Announcements for you (all, for admins), newest first",
    responses=problem_responses(404),
)
def announcements_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    pinned_at: Annotated[
        AwareDatetime | None, Query(description="Only those pinned at this instant.")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AnnouncementPage:
    items, next_cursor = reads.list_visible(
        session, ctx=ctx, pinned_at=pinned_at, limit=limit, cursor=cursor
    )
    return AnnouncementPage(items=items, next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Announce something to an audience, now or at `publish_at`",
    responses=problem_responses(404),
)
def announcements_create(
    session: SessionDep, ctx: WorkspaceDep, announcement_in: AnnouncementCreate, response: Response
) -> AnnouncementRead:
    announcement, version = service.create(session, ctx=ctx, announcement_in=announcement_in)
    set_etag(response, version)
    return announcement


@router.get(
    "/{announcement_id}",
    summary="Read an announcement (a recipient's receipt notes it as seen)",
    responses=problem_responses(404),
)
def announcements_get(
    session: SessionDep, ctx: WorkspaceDep, announcement_id: uuid.UUID, response: Response
) -> AnnouncementRead:
    announcement, version = service.open_(session, ctx=ctx, announcement_id=announcement_id)
    set_etag(response, version)
    return announcement


@router.patch(
    "/{announcement_id}",
    summary="Change an announcement (audience and schedule only until it is published)",
    responses=problem_responses(404, 409),
)
def announcements_update(
    session: SessionDep,
    ctx: WorkspaceDep,
    announcement_id: uuid.UUID,
    announcement_in: AnnouncementUpdate,
    if_match: IfMatch,
    response: Response,
) -> AnnouncementRead:
    announcement, version = service.update(
        session,
        ctx=ctx,
        announcement_id=announcement_id,
        announcement_in=announcement_in,
        if_match=if_match,
    )
    set_etag(response, version)
    return announcement


@router.delete(
    "/{announcement_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an announcement with its receipts",
    responses=problem_responses(404),
)
def announcements_delete(
    session: SessionDep, ctx: WorkspaceDep, announcement_id: uuid.UUID, if_match: IfMatch
) -> None:
    service.delete(session, ctx=ctx, announcement_id=announcement_id, if_match=if_match)


@router.post(
    "/{announcement_id}/acknowledge",
    summary="Acknowledge an announcement that asks for it (again: no change)",
    responses=problem_responses(404, 409),
)
def announcements_acknowledge(
    session: SessionDep, ctx: WorkspaceDep, announcement_id: uuid.UUID, response: Response
) -> AnnouncementRead:
    announcement, version = service.acknowledge(session, ctx=ctx, announcement_id=announcement_id)
    set_etag(response, version)
    return announcement


@router.get(
    "/{announcement_id}/receipts",
    summary="Who received, saw and acknowledged it, and who has not (author and admins)",
    responses=problem_responses(404),
)
def announcements_receipts(
    session: SessionDep, ctx: WorkspaceDep, announcement_id: uuid.UUID
) -> ReceiptsRead:
    return service.receipts(session, ctx=ctx, announcement_id=announcement_id)
