"""Publishing a scheduled announcement, and reminding those who have not acknowledged."""

import uuid

from sqlalchemy.orm import Session

from app.activity.service import Origin
from app.announcements import service
from app.jobs.registry import JobRun, handler
from app.models import Announcement
from app.models.notification import NotificationKind
from app.notifications import service as notifications


@handler(service.PUBLISH_KIND, max_attempts=5)
def publish(session: Session, job: JobRun) -> None:
    announcement = session.get(Announcement, uuid.UUID(job.payload["announcement_id"]))
    if (
        announcement is None
        or announcement.published_at is not None
        or announcement.publish_at is None
        or announcement.publish_at.isoformat() != job.payload["publish_at"]
    ):
        return  # deleted, published already, or rescheduled (another job has it)
    service.publish(
        session, announcement=announcement, ctx=Origin(workspace_id=announcement.workspace_id)
    )


@handler(service.REMIND_KIND, max_attempts=5)
def remind(session: Session, job: JobRun) -> None:
    announcement = session.get(Announcement, uuid.UUID(job.payload["announcement_id"]))
    if (
        announcement is None
        or not announcement.requires_ack
        or announcement.ack_due_at is None
        or announcement.ack_due_at.isoformat() != job.payload["ack_due_at"]
    ):
        return  # deleted, or its due time moved (a job for the new one is queued)
    notifications.notify(
        session,
        workspace_id=announcement.workspace_id,
        recipients=service.unacknowledged(session, announcement_id=announcement.id),
        kind=NotificationKind.acknowledgement_reminder,
        subject_type="announcement",
        subject_id=announcement.id,
        title=announcement.title,
    )
