"""Announcements: an author (editor or above) tells an audience; each recipient gets a
receipt (`delivered_at`, `first_seen_at` when they open it, `acknowledged_at`), the
author and admins see the counts and who has not. Publishing happens at once or at
`publish_at` (a job); a day before `ack_due_at` those who have not acknowledged are
reminded (a job). An `everyone` announcement also reaches those who join later: their
receipt is made when they first open it.
"""

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.announcements import audience, reads
from app.announcements.schemas import (
    AnnouncementAudience,
    AnnouncementCreate,
    AnnouncementRead,
    AnnouncementUpdate,
    ReceiptsRead,
)
from app.core import clock
from app.core.crud import apply_changes, ensure_all_in_workspace, get_in_workspace
from app.core.errors import Conflict, Forbidden, NotFound
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.core.richtext import render, to_text
from app.core.versioning import ensure_version
from app.jobs import queue as jobs
from app.models import Announcement, AnnouncementReceipt, Campaign, Member, Role
from app.models.enums import Access
from app.models.notification import NotificationKind
from app.notifications import service as notifications

NOT_FOUND = N_("Announcement not found.")
REMIND_BEFORE = timedelta(days=1)
FIELDS = (
    "title",
    "audience_everyone",
    "audience_role_ids",
    "audience_campaign_id",
    "audience_member_ids",
    "pinned_until",
    "requires_ack",
    "ack_due_at",
    "publish_at",
    "published_at",
)
PUBLISH_KIND = "announcements.publish"
REMIND_KIND = "announcements.remind"


def read(
    session: Session, *, ctx: WorkspaceContext, announcement_id: uuid.UUID
) -> tuple[AnnouncementRead, int]:
    found = reads.one(session, ctx=ctx, announcement_id=announcement_id)
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def open_(
    session: Session, *, ctx: WorkspaceContext, announcement_id: uuid.UUID
) -> tuple[AnnouncementRead, int]:
    """Read it, and note that the reader has seen it (their receipt's `first_seen_at`)."""
    read(session, ctx=ctx, announcement_id=announcement_id)
    announcement = _get(session, ctx=ctx, announcement_id=announcement_id)
    receipt = _receipt(session, ctx=ctx, announcement=announcement)
    if receipt is not None and receipt.first_seen_at is None:
        receipt.first_seen_at = clock.now()
        session.flush()
    return read(session, ctx=ctx, announcement_id=announcement_id)


def create(
    session: Session, *, ctx: WorkspaceContext, announcement_in: AnnouncementCreate
) -> tuple[AnnouncementRead, int]:
    ctx.require(Access.editor)
    _check_audience(session, ctx=ctx, audience_in=announcement_in.audience)
    announcement = Announcement(
        id=uuid.uuid4(),
        workspace_id=ctx.workspace_id,
        author_member_id=ctx.member_id,
        title=announcement_in.title,
        body=announcement_in.body,
        body_html=render(announcement_in.body),
        **_audience_columns(announcement_in.audience),
        pinned_until=announcement_in.pinned_until,
        requires_ack=announcement_in.requires_ack,
        ack_due_at=announcement_in.ack_due_at,
        publish_at=announcement_in.publish_at,
    )
    session.add(announcement)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="announcement.created",
        subject_id=announcement.id,
        subject_name=announcement.title,
        after=activity.fields(announcement, FIELDS),
    )
    _publish_or_schedule(session, ctx=ctx, announcement=announcement)
    return read(session, ctx=ctx, announcement_id=announcement.id)


def update(
    session: Session,
    *,
    ctx: WorkspaceContext,
    announcement_id: uuid.UUID,
    announcement_in: AnnouncementUpdate,
    if_match: frozenset[int] | None,
) -> tuple[AnnouncementRead, int]:
    announcement = _editable(session, ctx=ctx, announcement_id=announcement_id)
    ensure_version(announcement.version, if_match)
    changes: dict[str, Any] = announcement_in.model_dump(exclude_unset=True)
    published = announcement.published_at is not None
    if published and "publish_at" in changes:
        raise Conflict(N_("Once published, an announcement keeps its schedule."))
    if "ack_due_at" in changes and changes["ack_due_at"] and not announcement.requires_ack:
        raise Conflict(N_("This announcement does not ask to be acknowledged."))
    before = activity.fields(announcement, FIELDS)
    if "body" in changes:
        changes["body_html"] = render(changes["body"])
    apply_changes(announcement, changes)
    session.flush()
    activity.record(
        session,
        ctx=ctx,
        verb="announcement.updated",
        subject_id=announcement.id,
        subject_name=announcement.title,
        before={**before, "body": None} if "body" in changes else before,
        after={**activity.fields(announcement, FIELDS), "body": None}
        if "body" in changes
        else activity.fields(announcement, FIELDS),
    )
    if published:
        _schedule_reminder(session, announcement=announcement)
    else:
        _publish_or_schedule(session, ctx=ctx, announcement=announcement)
    return read(session, ctx=ctx, announcement_id=announcement.id)


def delete(
    session: Session,
    *,
    ctx: WorkspaceContext,
    announcement_id: uuid.UUID,
    if_match: frozenset[int] | None,
) -> None:
    announcement = _editable(session, ctx=ctx, announcement_id=announcement_id)
    ensure_version(announcement.version, if_match)
    activity.record(
        session,
        ctx=ctx,
        verb="announcement.deleted",
        subject_id=announcement.id,
        subject_name=announcement.title,
        before=activity.fields(announcement, FIELDS),
    )
    session.delete(announcement)
    session.flush()


def acknowledge(
    session: Session, *, ctx: WorkspaceContext, announcement_id: uuid.UUID
) -> tuple[AnnouncementRead, int]:
    ctx.actor.require_write()
    read(session, ctx=ctx, announcement_id=announcement_id)
    announcement = _get(session, ctx=ctx, announcement_id=announcement_id)
    if not announcement.requires_ack:
        raise Conflict(N_("This announcement does not ask to be acknowledged."))
    receipt = _receipt(session, ctx=ctx, announcement=announcement)
    if receipt is None:
        raise Forbidden(N_("Only its recipients acknowledge an announcement."))
    if receipt.acknowledged_at is None:
        now = clock.now()
        receipt.first_seen_at = receipt.first_seen_at or now
        receipt.acknowledged_at = now
        session.flush()
        activity.record(
            session,
            ctx=ctx,
            verb="announcement.acknowledged",
            subject_id=announcement.id,
            subject_name=announcement.title,
            member_id=ctx.member_id,
            after={"acknowledged_at": now},
        )
    return read(session, ctx=ctx, announcement_id=announcement_id)


def receipts(
    session: Session, *, ctx: WorkspaceContext, announcement_id: uuid.UUID
) -> ReceiptsRead:
    read(session, ctx=ctx, announcement_id=announcement_id)
    announcement = _get(session, ctx=ctx, announcement_id=announcement_id)
    if announcement.author_member_id != ctx.member_id and not ctx.access.at_least(Access.admin):
        raise Forbidden(N_("Only its author and admins see an announcement's receipts."))
    return reads.receipts(
        session, announcement_id=announcement.id, requires_ack=announcement.requires_ack
    )


def publish(session: Session, *, announcement: Announcement, ctx: Any) -> None:
    """Deliver it: a receipt and a notification for each recipient; the reminder queued."""
    now = clock.now()
    announcement.published_at = now
    members = audience.recipients(session, announcement)
    session.add_all(
        AnnouncementReceipt(announcement_id=announcement.id, member_id=m, delivered_at=now)
        for m in sorted(members)
    )
    session.flush()
    entry = activity.record(
        session,
        ctx=ctx,
        verb="announcement.published",
        subject_id=announcement.id,
        subject_name=announcement.title,
        after={"published_at": now, "recipients": len(members)},
    )
    notifications.notify(
        session,
        workspace_id=announcement.workspace_id,
        recipients=members,
        kind=NotificationKind.acknowledgement_due
        if announcement.requires_ack
        else NotificationKind.announcement,
        subject_type="announcement",
        subject_id=announcement.id,
        title=announcement.title,
        excerpt=to_text(announcement.body),
        activity=entry,
    )
    _schedule_reminder(session, announcement=announcement)


def _publish_or_schedule(
    session: Session, *, ctx: WorkspaceContext, announcement: Announcement
) -> None:
    when = announcement.publish_at
    if when is None or when <= clock.now():
        publish(session, announcement=announcement, ctx=ctx)
        return
    jobs.enqueue(
        session,
        kind=PUBLISH_KIND,
        payload={"announcement_id": str(announcement.id), "publish_at": when.isoformat()},
        run_at=when,
        dedupe_key=f"announcement-publish:{announcement.id}:{when.isoformat()}",
        workspace_id=announcement.workspace_id,
    )


def _schedule_reminder(session: Session, *, announcement: Announcement) -> None:
    due = announcement.ack_due_at
    if not announcement.requires_ack or due is None:
        return
    jobs.enqueue(
        session,
        kind=REMIND_KIND,
        payload={"announcement_id": str(announcement.id), "ack_due_at": due.isoformat()},
        run_at=max(due - REMIND_BEFORE, clock.now()),
        dedupe_key=f"announcement-remind:{announcement.id}:{due.isoformat()}",
        workspace_id=announcement.workspace_id,
    )


def _get(session: Session, *, ctx: WorkspaceContext, announcement_id: uuid.UUID) -> Announcement:
    return get_in_workspace(session, Announcement, announcement_id, ctx=ctx, missing=NOT_FOUND)


def _editable(
    session: Session, *, ctx: WorkspaceContext, announcement_id: uuid.UUID
) -> Announcement:
    ctx.require(Access.editor)
    read(session, ctx=ctx, announcement_id=announcement_id)
    announcement = _get(session, ctx=ctx, announcement_id=announcement_id)
    if announcement.author_member_id != ctx.member_id and not ctx.access.at_least(Access.admin):
        raise Forbidden(N_("Only its author or an admin may change an announcement."))
    return announcement


def _receipt(
    session: Session, *, ctx: WorkspaceContext, announcement: Announcement
) -> AnnouncementReceipt | None:
    """The reader's receipt; made on first sight for an `everyone` announcement."""
    receipt = session.get(AnnouncementReceipt, (announcement.id, ctx.member_id))
    if (
        receipt is None
        and announcement.published_at is not None
        and announcement.audience_everyone
        and announcement.author_member_id != ctx.member_id
    ):
        receipt = AnnouncementReceipt(
            announcement_id=announcement.id, member_id=ctx.member_id, delivered_at=clock.now()
        )
        session.add(receipt)
        session.flush()
    return receipt


def _check_audience(
    session: Session, *, ctx: WorkspaceContext, audience_in: AnnouncementAudience
) -> None:
    loc = ("body", "audience")
    ensure_all_in_workspace(
        session,
        Role,
        audience_in.role_ids,
        ctx=ctx,
        missing=N_("Role not found."),
        loc=(*loc, "role_ids"),
    )
    ensure_all_in_workspace(
        session,
        Member,
        audience_in.member_ids,
        ctx=ctx,
        missing=N_("Member not found."),
        loc=(*loc, "member_ids"),
    )
    if audience_in.campaign_id is not None:
        get_in_workspace(
            session, Campaign, audience_in.campaign_id, ctx=ctx, missing=N_("Campaign not found.")
        )


def _audience_columns(audience_in: AnnouncementAudience) -> dict[str, Any]:
    return {
        "audience_everyone": audience_in.everyone,
        "audience_role_ids": [str(r) for r in audience_in.role_ids],
        "audience_campaign_id": audience_in.campaign_id,
        "audience_member_ids": [str(m) for m in audience_in.member_ids],
    }


def unacknowledged(session: Session, *, announcement_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(AnnouncementReceipt.member_id).where(
                AnnouncementReceipt.announcement_id == announcement_id,
                AnnouncementReceipt.acknowledged_at.is_(None),
            )
        )
    )
