"""Read announcements: one Core select with the author's name, the reader's own receipt
and the receipt counts (correlated counts, shown to the author and admins only)."""

import uuid
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, Select, Table, and_, exists, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from app.announcements.schemas import (
    AnnouncementRead,
    AnnouncementState,
    MemberRef,
    ReceiptCounts,
    ReceiptRead,
    ReceiptsRead,
)
from app.core.pagination import paginate
from app.core.permissions import WorkspaceContext
from app.models import Announcement, AnnouncementReceipt, Member
from app.models.enums import Access

_A = cast(Table, Announcement.__table__)
_R = cast(Table, AnnouncementReceipt.__table__)
_M = cast(Table, Member.__table__)


def _count(*conditions: ColumnElement[bool]) -> Any:
    return (
        select(func.count())
        .select_from(_R)
        .where(_R.c.announcement_id == _A.c.id, *conditions)
        .scalar_subquery()
    )


def visible(reader: WorkspaceContext) -> ColumnElement[bool]:
    """Admins see every announcement; others what they wrote, and what is published for
    them (everyone's, or one they have a receipt of)."""
    if reader.access.at_least(Access.admin):
        return true()
    mine = exists().where(_R.c.announcement_id == _A.c.id, _R.c.member_id == reader.member_id)
    return or_(
        _A.c.author_member_id == reader.member_id,
        and_(
            _A.c.published_at.is_not(None),
            or_(_A.c.audience_everyone.is_(True), mine),
        ),
    )


def _selection(reader: WorkspaceContext) -> Select[Any]:
    mine = aliased(_R, name="mine")
    return (
        select(
            *(
                _A.c[name]
                for name in (
                    "id",
                    "title",
                    "body",
                    "body_html",
                    "author_member_id",
                    "audience_everyone",
                    "audience_role_ids",
                    "audience_campaign_id",
                    "audience_member_ids",
                    "pinned_until",
                    "requires_ack",
                    "ack_due_at",
                    "publish_at",
                    "published_at",
                    "created_at",
                    "updated_at",
                    "version",
                )
            ),
            _M.c.display_name.label("author_name"),
            mine.c.delivered_at.label("my_delivered_at"),
            mine.c.first_seen_at.label("my_first_seen_at"),
            mine.c.acknowledged_at.label("my_acknowledged_at"),
            _count().label("recipients"),
            _count(_R.c.first_seen_at.is_not(None)).label("seen"),
            _count(_R.c.acknowledged_at.is_not(None)).label("acknowledged"),
        )
        .select_from(
            _A.outerjoin(_M, _M.c.id == _A.c.author_member_id).outerjoin(
                mine, and_(mine.c.announcement_id == _A.c.id, mine.c.member_id == reader.member_id)
            )
        )
        .where(_A.c.workspace_id == reader.workspace_id, visible(reader))
    )


def list_visible(
    session: Session,
    *,
    ctx: WorkspaceContext,
    pinned_at: Any,
    limit: int,
    cursor: str | None,
) -> tuple[list[AnnouncementRead], str | None]:
    stmt = _selection(ctx)
    if pinned_at is not None:
        stmt = stmt.where(_A.c.pinned_until > pinned_at)
    rows, next_cursor = paginate(
        session,
        stmt,
        order_by=(_A.c.created_at, _A.c.id),
        descending=True,
        limit=limit,
        cursor=cursor,
    )
    return [view(row, ctx=ctx) for row in rows], next_cursor


def one(
    session: Session, *, ctx: WorkspaceContext, announcement_id: uuid.UUID
) -> tuple[AnnouncementRead, int] | None:
    row = session.execute(_selection(ctx).where(_A.c.id == announcement_id)).first()
    return None if row is None else (view(row, ctx=ctx), row.version)


def view(row: Row[Any], *, ctx: WorkspaceContext) -> AnnouncementRead:
    values = row._asdict()
    privileged = ctx.access.at_least(Access.admin) or row.author_member_id == ctx.member_id
    return AnnouncementRead.model_validate(
        {
            **values,
            "audience": {
                "everyone": row.audience_everyone,
                "role_ids": row.audience_role_ids,
                "campaign_id": row.audience_campaign_id,
                "member_ids": row.audience_member_ids,
            },
            "state": AnnouncementState.published
            if row.published_at is not None
            else AnnouncementState.scheduled,
            "my_receipt": None
            if row.my_delivered_at is None
            else {
                "delivered_at": row.my_delivered_at,
                "first_seen_at": row.my_first_seen_at,
                "acknowledged_at": row.my_acknowledged_at,
            },
            "counts": {
                "recipients": row.recipients,
                "seen": row.seen,
                "acknowledged": row.acknowledged,
            }
            if privileged
            else None,
        }
    )


def receipts(session: Session, *, announcement_id: uuid.UUID, requires_ack: bool) -> ReceiptsRead:
    rows = session.execute(
        select(
            _R.c.member_id,
            _M.c.display_name.label("member_name"),
            _R.c.delivered_at,
            _R.c.first_seen_at,
            _R.c.acknowledged_at,
        )
        .join_from(_R, _M, _M.c.id == _R.c.member_id)
        .where(_R.c.announcement_id == announcement_id)
        .order_by(_M.c.display_name, _R.c.member_id)
    ).all()
    items = [ReceiptRead.model_validate(row._asdict()) for row in rows]
    return ReceiptsRead(
        counts=ReceiptCounts(
            recipients=len(items),
            seen=sum(1 for item in items if item.first_seen_at),
            acknowledged=sum(1 for item in items if item.acknowledged_at),
        ),
        not_seen=[
            MemberRef(id=item.member_id, display_name=item.member_name)
            for item in items
            if item.first_seen_at is None
        ],
        not_acknowledged=[
            MemberRef(id=item.member_id, display_name=item.member_name)
            for item in items
            if requires_ack and item.acknowledged_at is None
        ],
        items=items,
    )
