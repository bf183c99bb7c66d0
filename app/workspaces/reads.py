"""Read workspaces as their members see them: one Core select of the workspace's columns
and the caller's membership (access, member id) by join."""

import uuid
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import Actor
from app.core.reads import Reader, enum_text, id_text
from app.models import Member, Workspace
from app.models.enums import MemberStatus
from app.workspaces.schemas import WorkspaceRead

NOT_FOUND = N_("Workspace not found.")

_WORKSPACES = cast(Table, Workspace.__table__)
_MEMBERS = cast(Table, Member.__table__)
_W = _WORKSPACES.c
_M = _MEMBERS.c

_READ = select(
    id_text(_W.id),
    _W.slug,
    _W.name,
    enum_text(_W.locale),
    _W.timezone,
    _W.currency,
    enum_text(_M.access),
    id_text(_M.id, "member_id"),
    *(_W[name] for name in ("created_at", "updated_at", "version")),
).join_from(_WORKSPACES, _MEMBERS, _M.workspace_id == _W.id)
_REPLIES = Reader(WorkspaceRead)


def list_page(
    session: Session, *, actor: Actor, limit: int, cursor: str | None
) -> tuple[list[WorkspaceRead], str | None]:
    """The workspaces the actor is an active member of, with a login."""
    stmt = _READ.where(
        _M.user_id == actor.user_id, _M.status == MemberStatus.active, _M.access.is_not(None)
    )
    rows, next_cursor = paginate(
        session, stmt, order_by=(_W.created_at, _W.id), limit=limit, cursor=cursor
    )
    return _REPLIES.many(rows), next_cursor


def read(
    session: Session, *, workspace_id: uuid.UUID, member_id: uuid.UUID
) -> tuple[WorkspaceRead, int]:
    """The workspace as its member `member_id` sees it, and its version (the ETag)."""
    row = (
        session.connection().execute(_READ.where(_W.id == workspace_id, _M.id == member_id)).first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return _REPLIES.one(row), row.version
