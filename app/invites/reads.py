"""Read invites: one Core select of the reply's columns (never the token's digest)."""

import uuid
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.core.config import get_settings
from app.core.errors import NotFound
from app.core.i18n import N_
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, enum_text, id_text
from app.invites.schemas import InviteCreated, InviteRead
from app.models import Invite
from app.models.base import utcnow
from app.models.enums import Access

NOT_FOUND = N_("Invite not found.")

_INVITES = cast(Table, Invite.__table__)
_I = _INVITES.c

_READ = select(
    id_text(_I.id),
    _I.email,
    enum_text(_I.access),
    id_text(_I.member_id),
    *(_I[name] for name in ("created_at", "expires_at", "accepted_at", "revoked_at")),
)
_REPLIES = Reader(InviteRead)
_CREATED = Reader(InviteCreated)


def list_page(
    session: Session, *, ctx: WorkspaceContext, pending_only: bool, limit: int, cursor: str | None
) -> tuple[list[InviteRead], str | None]:
    """Admins only."""
    ctx.require(Access.admin, writing=False)
    stmt = _READ.where(_I.workspace_id == ctx.workspace_id)
    if pending_only:
        stmt = stmt.where(
            _I.accepted_at.is_(None), _I.revoked_at.is_(None), _I.expires_at > utcnow()
        )
    rows, next_cursor = paginate(
        session, stmt, order_by=(_I.created_at, _I.id), limit=limit, cursor=cursor
    )
    return _REPLIES.many(rows), next_cursor


def read_created(
    session: Session, *, ctx: WorkspaceContext, invite_id: uuid.UUID, secret: str
) -> InviteCreated:
    """The invite just (re)issued, with its one-time link (shown only this once)."""
    row = (
        session.connection()
        .execute(_READ.where(_I.id == invite_id, _I.workspace_id == ctx.workspace_id))
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return _CREATED.many([{**row._mapping, "token": secret, "url": invite_url(secret)}])[0]


def invite_url(secret: str) -> str:
    return f"{get_settings().public_url.rstrip('/')}/invite/{secret}"
