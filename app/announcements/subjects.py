"""Announcements as subjects of comments, and who may read their activities."""

import uuid
from typing import cast

from sqlalchemy import ColumnElement, Table, exists, or_, select, true
from sqlalchemy.orm import Session

from app.activity import visibility
from app.announcements.reads import visible
from app.comments.subjects import (
    Subject,
    SubjectRef,
    SubjectType,
    active_members,
    register_subject,
)
from app.core.permissions import WorkspaceContext
from app.models import Activity, Announcement, AnnouncementReceipt, Comment, Member
from app.models.enums import Access

_A = cast(Table, Announcement.__table__)


def _find(session: Session, ctx: WorkspaceContext, announcement_id: uuid.UUID) -> SubjectRef | None:
    row = session.execute(
        select(_A.c.id, _A.c.title).where(
            _A.c.id == announcement_id, _A.c.workspace_id == ctx.workspace_id, visible(ctx)
        )
    ).first()
    return None if row is None else SubjectRef(SubjectType.announcement, row.id, row.title, None)


def _viewers(
    session: Session, workspace_id: uuid.UUID, subject: SubjectRef, member_ids: set[uuid.UUID]
) -> set[uuid.UUID]:
    """Admins, the author, and the recipients (everyone, once it is published)."""
    active = active_members(session, workspace_id, member_ids)
    if not active:
        return active
    announcement = session.get_one(Announcement, subject.id)
    if announcement.published_at is not None and announcement.audience_everyone:
        return active
    admins = set(
        session.scalars(
            select(Member.id).where(
                Member.id.in_(active), Member.access.in_([Access.admin, Access.owner])
            )
        )
    )
    receivers = set(
        session.scalars(
            select(AnnouncementReceipt.member_id).where(
                AnnouncementReceipt.announcement_id == subject.id,
                AnnouncementReceipt.member_id.in_(active),
            )
        )
    )
    return active & (admins | receivers | {announcement.author_member_id})


def _announcement_activities(reader: WorkspaceContext) -> ColumnElement[bool]:
    if reader.access.at_least(Access.admin):
        return true()
    return or_(
        Activity.actor_member_id == reader.member_id,
        exists().where(_A.c.id == Activity.subject_id, visible(reader)),
    )


def _comment_activities(reader: WorkspaceContext) -> ColumnElement[bool]:
    """Comments on an announcement are for those who may read the announcement."""
    if reader.access.at_least(Access.admin):
        return true()
    on_announcement = exists().where(
        Comment.id == Activity.subject_id,
        Comment.subject_type == SubjectType.announcement.value,
    )
    readable = exists().where(
        Comment.id == Activity.subject_id,
        Comment.subject_type == SubjectType.announcement.value,
        _A.c.id == Comment.subject_id,
        visible(reader),
    )
    return or_(~on_announcement, readable)


def register() -> None:
    """Make announcements commentable, and their activities readable as they are."""
    register_subject(SubjectType.announcement, Subject(find=_find, viewers=_viewers))
    visibility.register_visibility("announcement", _announcement_activities)
    visibility.register_visibility("comment", _comment_activities)
