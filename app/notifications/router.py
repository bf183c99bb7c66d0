from typing import Annotated

from fastapi import APIRouter, Query

from app.core.openapi import problem_responses
from app.core.pagination import Cursor, Limit
from app.core.transaction import SessionDep, TransactionalRoute
from app.models.notification import NotificationKind
from app.notifications import (
    reads,
    rules,  # noqa: F401 (notifications that follow activities)
    service,
)
from app.notifications.schemas import (
    MarkedRead,
    MarkRead,
    NotificationPage,
    PreferencesRead,
    PreferencesUpdate,
    UnreadCount,
)
from app.workspaces.dependencies import WorkspaceDep

router = APIRouter(
    prefix="/workspaces/{workspace}/notifications",
    tags=["notifications"],
    route_class=TransactionalRoute,
)


@router.get("", summary="Your inbox, newest first", responses=problem_responses(404))
def notifications_list(
    session: SessionDep,
    ctx: WorkspaceDep,
    unread: Annotated[
        bool | None, Query(description="`true`: only unread; `false`: only read.")
    ] = None,
    kind: NotificationKind | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> NotificationPage:
    items, next_cursor = reads.list_page(
        session, ctx=ctx, unread=unread, kind=kind, limit=limit, cursor=cursor
    )
    return NotificationPage(items=items, next_cursor=next_cursor)


@router.get(
    "/unread-count",
    summary="How many of your notifications are unread (the top bar)",
    responses=problem_responses(404),
)
def notifications_unread_count(session: SessionDep, ctx: WorkspaceDep) -> UnreadCount:
    return UnreadCount(unread=reads.unread_count(session, ctx=ctx))


@router.post(
    "/mark-read",
    summary="Mark some of your notifications, or all, read",
    responses=problem_responses(404),
)
def notifications_mark_read(
    session: SessionDep, ctx: WorkspaceDep, mark_in: MarkRead
) -> MarkedRead:
    marked = service.mark_read(session, ctx=ctx, ids=mark_in.ids, everything=mark_in.all)
    return MarkedRead(marked=marked, unread=reads.unread_count(session, ctx=ctx))


@router.get(
    "/preferences",
    summary="How each kind of notification reaches you",
    responses=problem_responses(404),
)
def notifications_preferences_get(session: SessionDep, ctx: WorkspaceDep) -> PreferencesRead:
    return reads.preferences(session, ctx=ctx)


@router.patch(
    "/preferences",
    summary="Choose how some kinds of notification reach you",
    responses=problem_responses(404),
)
def notifications_preferences_update(
    session: SessionDep, ctx: WorkspaceDep, preferences_in: PreferencesUpdate
) -> PreferencesRead:
    return service.update_preferences(session, ctx=ctx, preferences_in=preferences_in)
