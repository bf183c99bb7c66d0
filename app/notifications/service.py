"""The inbox: notifications are written with the change that causes them.

    notifications.notify(session, workspace_id=ctx.workspace_id, recipients={member_id},
                         kind=NotificationKind.mention, subject_type="comment",
                         subject_id=comment.id, title=subject.name, excerpt=text,
                         actor=ctx.member_id, activity=entry)

The actor is never notified of their own change. A member's preference per kind decides
whether it reaches them (`off`: not at all) and how email follows (`immediate`: one email
now, through the outbox; `digest`: in the daily digest), when `TROUPE_SMTP_URL` is set.
"""

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, true, update
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.activity import visibility
from app.core import clock
from app.core.config import get_settings
from app.core.permissions import WorkspaceContext
from app.jobs import outbox
from app.models import Activity, Notification, NotificationPreference
from app.models.enums import Access
from app.models.notification import DEFAULT_DELIVERY, Delivery, NotificationKind
from app.notifications import reads
from app.notifications.email import EMAIL_KIND
from app.notifications.schemas import PreferencesRead, PreferencesUpdate

EXCERPT_LENGTH = 280
_NOTIFICATIONS = cast(Table, Notification.__table__)
_P = NotificationPreference
# Built once: SQLAlchemy keys a statement built per call for its cache at a cost above
# running it (profiled, 300 creates of an assignment: 2.0 s -> 0.8 s in here).
_PREFERENCES = select(_P.member_id, _P.kind, _P.delivery).where(
    _P.member_id.in_(bindparam("member_ids", expanding=True)),
    _P.kind.in_(bindparam("kinds", expanding=True)),
)


def notify(
    session: Session,
    *,
    workspace_id: uuid.UUID,
    recipients: Iterable[uuid.UUID],
    kind: NotificationKind,
    subject_type: str,
    subject_id: uuid.UUID,
    title: str,
    excerpt: str = "",
    actor: uuid.UUID | None = None,
    activity: Activity | None = None,
    chosen: Mapping[tuple[uuid.UUID, NotificationKind], Delivery] | None = None,
) -> list[Notification]:
    """Put a notification in each recipient's inbox (but the actor's), as they prefer
    (`chosen`: the preferences, when the caller read them for many notifications at once)."""
    members = set(recipients) - {actor} if actor else set(recipients)
    if not members:
        return []
    if chosen is None:
        chosen = preferences(session, member_ids=members, kinds={kind})
    delivery = {member_id: chosen[member_id, kind] for member_id in members}
    made = [
        Notification(
            id=uuid.uuid4(),
            workspace_id=workspace_id,
            recipient_member_id=member_id,
            kind=kind,
            subject_type=subject_type,
            subject_id=subject_id,
            activity_id=activity.id if activity else None,
            actor_name=activity.actor_name if activity else "",
            title=title[:200],
            excerpt=_excerpt(excerpt),
            created_at=clock.now(),
        )
        for member_id in sorted(members)
        if delivery[member_id] is not Delivery.off
    ]
    session.add_all(made)
    if get_settings().smtp_url:
        for notification in made:
            if delivery[notification.recipient_member_id] is Delivery.immediate:
                outbox.enqueue(
                    session,
                    kind=EMAIL_KIND,
                    payload={"notification_id": str(notification.id)},
                    dedupe_key=f"notification-email:{notification.id}",
                    workspace_id=workspace_id,
                )
    return made


def deliveries(
    session: Session, *, member_ids: set[uuid.UUID], kind: NotificationKind
) -> dict[uuid.UUID, Delivery]:
    chosen = preferences(session, member_ids=member_ids, kinds={kind})
    return {member_id: chosen[member_id, kind] for member_id in member_ids}


def preferences(
    session: Session, *, member_ids: set[uuid.UUID], kinds: set[NotificationKind]
) -> dict[tuple[uuid.UUID, NotificationKind], Delivery]:
    """How each member wants each kind, in one statement (the default where they chose none)."""
    stated: dict[tuple[uuid.UUID, NotificationKind], Delivery] = {
        (member_id, kind): delivery
        for member_id, kind, delivery in session.execute(
            _PREFERENCES, {"member_ids": list(member_ids), "kinds": list(kinds)}
        ).all()
    }
    return {
        (member_id, kind): stated.get((member_id, kind), DEFAULT_DELIVERY[kind])
        for member_id in member_ids
        for kind in kinds
    }


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def mark_read(
    session: Session, *, ctx: WorkspaceContext, ids: list[uuid.UUID], everything: bool
) -> int:
    """Mark the caller's own notifications read (others' ids change nothing).

    Reading one's inbox is not a change to the workspace: it records no activity."""
    ctx.actor.require_write()
    c = _NOTIFICATIONS.c
    stmt = (
        update(_NOTIFICATIONS)
        .where(c.recipient_member_id == ctx.member_id, c.read_at.is_(None))
        .values(read_at=clock.now())
    )
    if not everything:
        stmt = stmt.where(c.id.in_(ids))
    result: Any = session.execute(stmt)
    return int(result.rowcount or 0)


def update_preferences(
    session: Session, *, ctx: WorkspaceContext, preferences_in: PreferencesUpdate
) -> PreferencesRead:
    ctx.require(Access.viewer)
    ctx.actor.require_write()
    before = {item.kind.value: item.delivery for item in reads.preferences(session, ctx=ctx).items}
    for item in preferences_in.items:
        session.merge(
            NotificationPreference(member_id=ctx.member_id, kind=item.kind, delivery=item.delivery)
        )
    session.flush()
    after = reads.preferences(session, ctx=ctx)
    activity.record(
        session,
        ctx=ctx,
        verb="notification_preferences.updated",
        subject_id=ctx.member_id,
        member_id=ctx.member_id,
        before=before,
        after={item.kind.value: item.delivery for item in after.items},
    )
    return after


def _own_or_admin(reader: WorkspaceContext) -> Any:
    """A member's notification settings are theirs (and their admins') to see."""
    if reader.access.at_least(Access.admin):
        return true()
    return Activity.member_id == reader.member_id


visibility.register_visibility("notification_preferences", _own_or_admin)
