"""Email, when `TROUPE_SMTP_URL` is set: one message now (an outbox sender), or a digest.

`smtp://user:password@host:25`, `smtp+starttls://…:587` or `smtps://…:465`. The outbox
sends after the change commits and retries a failed send (at least once: a crash after
sending may send twice).
"""

import smtplib
import uuid
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.config import get_settings
from app.core.i18n import N_, fill
from app.jobs import outbox
from app.jobs.registry import JobRun
from app.models import Member, Notification, User

EMAIL_KIND = "notifications.email"
TIMEOUT_SECONDS = 15


def send(*, to: str, subject: str, text: str) -> None:
    settings = get_settings()
    if not settings.smtp_url:
        return
    url = urlsplit(settings.smtp_url)
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    host, port = url.hostname or "localhost", url.port
    smtp: smtplib.SMTP
    if url.scheme == "smtps":
        smtp = smtplib.SMTP_SSL(host, port or 465, timeout=TIMEOUT_SECONDS)
    else:
        smtp = smtplib.SMTP(host, port or 25, timeout=TIMEOUT_SECONDS)
    with smtp:
        if url.scheme == "smtp+starttls":
            smtp.starttls()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message)


def recipient(session: Session, member_id: uuid.UUID) -> tuple[str, str] | None:
    """The member's user's address and language (`None`: nobody to write to)."""
    row = session.execute(
        select(User.email, User.locale)
        .join(Member, Member.user_id == User.id)
        .where(Member.id == member_id)
    ).first()
    return None if row is None else (row.email, row.locale.value)


def line(notification: Notification) -> str:
    who = f"{notification.actor_name}: " if notification.actor_name else ""
    excerpt = f"\n  {notification.excerpt}" if notification.excerpt else ""
    return f"- {who}{notification.title}{excerpt}"


@outbox.sender(EMAIL_KIND)
def deliver(session: Session, job: JobRun) -> None:
    notification = session.get(Notification, uuid.UUID(job.payload["notification_id"]))
    if notification is None or notification.emailed_at is not None:
        return
    to = recipient(session, notification.recipient_member_id)
    if to is None:
        return
    address, locale = to
    subject = fill(N_("Troupe: {title}"), {"title": notification.title}, locale)
    send(to=address, subject=subject, text=line(notification))
    notification.emailed_at = clock.now()
