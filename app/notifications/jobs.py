"""The daily digest: at most one email a day per member, for kinds they get as a digest."""

import uuid
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.config import get_settings
from app.core.i18n import N_, fill
from app.jobs.registry import JobRun, periodic
from app.models import Notification, NotificationDigest
from app.models.notification import Delivery
from app.notifications import email
from app.notifications.service import deliveries

DIGEST_KIND = "notifications.digest"


@periodic(DIGEST_KIND, every=timedelta(hours=1))
def digest(session: Session, job: JobRun) -> None:
    """Email each member their unread, not yet emailed digest-kind notifications, unless
    a digest went to them today (UTC) already."""
    if not get_settings().smtp_url:
        return
    day = job.now.date().isoformat()
    sent_today = select(NotificationDigest.member_id).where(NotificationDigest.day == day)
    pending = session.scalars(
        select(Notification)
        .where(
            Notification.read_at.is_(None),
            Notification.emailed_at.is_(None),
            Notification.recipient_member_id.not_in(sent_today),
        )
        .order_by(Notification.recipient_member_id, Notification.created_at)
    ).all()
    by_member: defaultdict[uuid.UUID, list[Notification]] = defaultdict(list)
    for notification in pending:
        chosen = deliveries(
            session, member_ids={notification.recipient_member_id}, kind=notification.kind
        )
        if chosen[notification.recipient_member_id] is Delivery.digest:
            by_member[notification.recipient_member_id].append(notification)
    for member_id, items in by_member.items():
        to = email.recipient(session, member_id)
        if to is None:
            continue
        address, locale = to
        subject = fill(N_("Troupe: your daily digest ({count})"), {"count": len(items)}, locale)
        email.send(to=address, subject=subject, text="\n".join(email.line(n) for n in items))
        for notification in items:
            notification.emailed_at = job.now
        session.add(
            NotificationDigest(member_id=member_id, day=day, sent_at=job.now, count=len(items))
        )
        session.flush()
