"""Comments on campaigns, announcements and meetings (any registered subject).

Anyone who may see the subject may comment (viewers too: sharing what they know), with a
token that may write. Only the author edits a comment (`edited_at` is kept); the author or
an admin deletes it, which leaves a tombstone. Replies go one level deep. Mentions notify
the people (see `mentions.py`); a reply also tells the author of the comment replied to.
"""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.comments import mentions, reads, subjects
from app.comments.schemas import CommentCreate, CommentRead, CommentUpdate
from app.comments.subjects import SubjectRef, SubjectType
from app.core import clock
from app.core.crud import get_in_workspace
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound, field_error
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.richtext import render, to_text
from app.core.versioning import ensure_version
from app.models import Activity, Comment, Notification
from app.models.enums import Access
from app.models.notification import NotificationKind
from app.notifications import service as notifications

NOT_FOUND = N_("Comment not found.")
FIELDS = ("subject_type", "subject_id", "parent_id", "mentioned_member_ids", "mentioned_role_keys")


def list_comments(
    session: Session,
    *,
    ctx: WorkspaceContext,
    subject_type: SubjectType,
    subject_id: uuid.UUID,
    limit: int,
    cursor: str | None,
) -> tuple[list[CommentRead], str | None]:
    subject = subjects.find(session, ctx=ctx, subject_type=subject_type, subject_id=subject_id)
    return reads.thread(session, subject=subject, limit=limit, cursor=cursor)


def create(session: Session, *, ctx: WorkspaceContext, comment_in: CommentCreate) -> CommentRead:
    ctx.actor.require_write()
    subject = subjects.find(
        session, ctx=ctx, subject_type=comment_in.subject_type, subject_id=comment_in.subject_id
    )
    parent = _parent(session, ctx=ctx, subject=subject, parent_id=comment_in.parent_id)
    found = mentions.resolve(session, ctx=ctx, subject=subject, body=comment_in.body)
    comment = Comment(
        id=uuid.uuid4(),
        workspace_id=ctx.workspace_id,
        subject_type=subject.type.value,
        subject_id=subject.id,
        parent_id=parent.id if parent else None,
        author_member_id=ctx.member_id,
        body=comment_in.body,
        body_html=render(comment_in.body),
        mentioned_member_ids=[str(m) for m in found.member_ids],
        mentioned_role_keys=list(found.role_keys),
    )
    session.add(comment)
    session.flush()
    entry = _record(
        session,
        ctx=ctx,
        subject=subject,
        comment=comment,
        verb="comment.created",
        after=_snapshot(comment),
    )
    _notify(
        session,
        ctx=ctx,
        subject=subject,
        comment=comment,
        entry=entry,
        recipients=found.recipients,
    )
    if parent is not None and parent.author_member_id not in found.recipients | {None}:
        notifications.notify(
            session,
            workspace_id=ctx.workspace_id,
            recipients=[parent.author_member_id] if parent.author_member_id else [],
            kind=NotificationKind.comment_reply,
            subject_type="comment",
            subject_id=comment.id,
            title=subject.name,
            excerpt=to_text(comment.body),
            actor=ctx.member_id,
            activity=entry,
        )
    return reads.one(session, comment_id=comment.id)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    comment_id: uuid.UUID,
    comment_in: CommentUpdate,
    if_match: frozenset[int] | None,
) -> tuple[CommentRead, int]:
    ctx.actor.require_write()
    comment, subject = _get(session, ctx=ctx, comment_id=comment_id)
    if comment.author_member_id != ctx.member_id:
        raise Forbidden(N_("Only its author may edit a comment."))
    if comment.deleted_at is not None:
        raise Conflict(N_("A deleted comment cannot be edited."))
    ensure_version(comment.version, if_match)
    found = mentions.resolve(session, ctx=ctx, subject=subject, body=comment_in.body)
    before = _snapshot(comment)
    if comment_in.body != comment.body:
        comment.body = comment_in.body
        comment.body_html = render(comment_in.body)
        comment.mentioned_member_ids = [str(m) for m in found.member_ids]
        comment.mentioned_role_keys = list(found.role_keys)
        comment.edited_at = clock.now()
        session.flush()
        entry = _record(
            session,
            ctx=ctx,
            subject=subject,
            comment=comment,
            verb="comment.updated",
            before=before,
            after=_snapshot(comment),
        )
        _notify(
            session,
            ctx=ctx,
            subject=subject,
            comment=comment,
            entry=entry,
            recipients=found.recipients - _mentioned_before(session, comment_id=comment.id),
        )
    return reads.one(session, comment_id=comment.id), comment.version


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    comment_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    """Leave a tombstone: the text goes, the place (and the replies) stay."""
    ctx.actor.require_write()
    comment, subject = _get(session, ctx=ctx, comment_id=comment_id)
    if comment.deleted_at is not None:
        raise NotFound(NOT_FOUND)
    if comment.author_member_id != ctx.member_id and not ctx.access.at_least(Access.admin):
        raise Forbidden(N_("Only its author or an admin may delete a comment."))
    ensure_version(comment.version, if_match)
    _record(
        session,
        ctx=ctx,
        subject=subject,
        comment=comment,
        verb="comment.deleted",
        before=_snapshot(comment),
    )
    comment.body = ""
    comment.body_html = ""
    comment.mentioned_member_ids = []
    comment.mentioned_role_keys = []
    comment.deleted_at = clock.now()
    session.flush()


def _get(
    session: Session, *, ctx: WorkspaceContext, comment_id: uuid.UUID
) -> tuple[Comment, SubjectRef]:
    comment = get_in_workspace(session, Comment, comment_id, ctx=ctx, missing=NOT_FOUND)
    subject_type = SubjectType(comment.subject_type)
    if subject_type not in subjects.SUBJECTS:
        raise NotFound(NOT_FOUND)
    try:
        subject = subjects.find(
            session, ctx=ctx, subject_type=subject_type, subject_id=comment.subject_id
        )
    except NotFound:
        raise NotFound(NOT_FOUND) from None
    return comment, subject


def _parent(
    session: Session, *, ctx: WorkspaceContext, subject: SubjectRef, parent_id: uuid.UUID | None
) -> Comment | None:
    if parent_id is None:
        return None
    parent = get_in_workspace(session, Comment, parent_id, ctx=ctx, missing=NOT_FOUND)
    loc = ("body", "parent_id")
    if parent.subject_type != subject.type.value or parent.subject_id != subject.id:
        message = N_("A reply must be about the same subject as the comment it answers.")
        raise InvalidInput(message, errors=[field_error(loc, message, "other_subject")])
    if parent.parent_id is not None:
        message = N_("Replies go one level deep: answer the top-level comment instead.")
        raise InvalidInput(message, errors=[field_error(loc, message, "reply_to_reply")])
    return parent


def _snapshot(comment: Comment) -> dict[str, Any]:
    """What the activity stream keeps of a comment: its place, mentions and an excerpt."""
    return {**activity.fields(comment, FIELDS), "excerpt": to_text(comment.body)[:280]}


def _record(
    session: Session,
    *,
    ctx: WorkspaceContext,
    subject: SubjectRef,
    comment: Comment,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Activity | None:
    return activity.record(
        session,
        ctx=ctx,
        verb=verb,
        subject_id=comment.id,
        subject_name=subject.name,
        campaign_id=subject.campaign_id,
        before=before,
        after=after,
    )


def _notify(
    session: Session,
    *,
    ctx: WorkspaceContext,
    subject: SubjectRef,
    comment: Comment,
    entry: Activity | None,
    recipients: frozenset[uuid.UUID],
) -> None:
    notifications.notify(
        session,
        workspace_id=ctx.workspace_id,
        recipients=recipients,
        kind=NotificationKind.mention,
        subject_type="comment",
        subject_id=comment.id,
        title=subject.name,
        excerpt=to_text(comment.body),
        actor=ctx.member_id,
        activity=entry,
    )


def _mentioned_before(session: Session, *, comment_id: uuid.UUID) -> frozenset[uuid.UUID]:
    """Who has been told of a mention in this comment already (an edit tells only the new)."""
    return frozenset(
        session.scalars(
            select(Notification.recipient_member_id).where(
                Notification.subject_type == "comment",
                Notification.subject_id == comment_id,
                Notification.kind == NotificationKind.mention,
            )
        )
    )
