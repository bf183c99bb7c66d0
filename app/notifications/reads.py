"""Read the inbox: one Core select of the reply's columns, made replies once per page."""

from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.core.config import get_settings
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.core.reads import Reader, enum_text, id_text
from app.models import Notification, NotificationPreference
from app.models.notification import DEFAULT_DELIVERY, NotificationKind
from app.notifications.schemas import NotificationRead, PreferenceRead, PreferencesRead

_NOTIFICATIONS = cast(Table, Notification.__table__)
_PREFERENCES = cast(Table, NotificationPreference.__table__)
_N = _NOTIFICATIONS.c

_READ = select(
    id_text(_N.id),
    enum_text(_N.kind),
    _N.subject_type,
    id_text(_N.subject_id),
    _N.actor_name,
    _N.title,
    _N.excerpt,
    _N.created_at,
    _N.read_at,
)
_REPLIES = Reader(NotificationRead)
_PREFERENCE_REPLIES = Reader(PreferenceRead)


def list_page(
    session: Session,
    *,
    ctx: WorkspaceContext,
    unread: bool | None,
    kind: NotificationKind | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[NotificationRead], str | None]:
    """The caller's own notifications, newest first."""
    stmt = _READ.where(_N.recipient_member_id == ctx.member_id)
    if unread is not None:
        stmt = stmt.where(_N.read_at.is_(None) if unread else _N.read_at.is_not(None))
    if kind is not None:
        stmt = stmt.where(_N.kind == kind)
    rows, next_cursor = paginate(
        session, stmt, order_by=(_N.created_at, _N.id), descending=True, limit=limit, cursor=cursor
    )
    return _REPLIES.many(rows), next_cursor


def unread_count(session: Session, *, ctx: WorkspaceContext) -> int:
    stmt = select(func.count()).where(_N.recipient_member_id == ctx.member_id, _N.read_at.is_(None))
    return session.connection().execute(stmt).scalar_one()


def preferences(session: Session, *, ctx: WorkspaceContext) -> PreferencesRead:
    """Every kind with the caller's choice (or the default) and the default."""
    rows = session.connection().execute(
        select(enum_text(_PREFERENCES.c.kind), enum_text(_PREFERENCES.c.delivery)).where(
            _PREFERENCES.c.member_id == ctx.member_id
        )
    )
    chosen: dict[str, str] = dict(rows.all())
    items = [
        {"kind": kind.value, "delivery": chosen.get(kind.value, default.value), "default": default}
        for kind, default in DEFAULT_DELIVERY.items()
    ]
    return PreferencesRead(
        email_enabled=bool(get_settings().smtp_url), items=_PREFERENCE_REPLIES.many(items)
    )
