"""A member's inbox, and how each kind of notification reaches them."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, WorkspaceScopedMixin, enum_type, utcnow


class NotificationKind(StrEnum):
    mention = "mention"  # someone mentioned me (or a role of mine)
    comment_reply = "comment_reply"  # a reply to my comment
    assignment = "assignment"  # I was assigned, or my assignment (its RACI) changed
    announcement = "announcement"  # an announcement for me
    acknowledgement_due = "acknowledgement_due"  # an announcement I must acknowledge
    acknowledgement_reminder = "acknowledgement_reminder"  # … and its due time nears
    action_assigned = "action_assigned"  # a meeting's action is mine
    report_due = "report_due"  # my periodic report is due soon
    report_overdue = "report_overdue"  # a report (mine, or one I review) is overdue
    report_escalated = "report_escalated"  # a report on my campaign is past its grace


class Delivery(StrEnum):
    """How a kind reaches a member: the inbox always (unless `off`); email at once
    (`immediate`) or in one daily digest (`digest`), when email is configured."""

    immediate = "immediate"
    digest = "digest"
    inbox = "inbox"
    off = "off"


DEFAULT_DELIVERY: dict[NotificationKind, Delivery] = {
    NotificationKind.mention: Delivery.immediate,
    NotificationKind.comment_reply: Delivery.digest,
    NotificationKind.assignment: Delivery.digest,
    NotificationKind.announcement: Delivery.digest,
    NotificationKind.acknowledgement_due: Delivery.immediate,
    NotificationKind.acknowledgement_reminder: Delivery.immediate,
    NotificationKind.action_assigned: Delivery.immediate,
    NotificationKind.report_due: Delivery.digest,
    NotificationKind.report_overdue: Delivery.immediate,
    NotificationKind.report_escalated: Delivery.immediate,
}


class Notification(WorkspaceScopedMixin, Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # The inbox, newest first; the unread count and the digest read the second.
        Index("ix_notifications_inbox", "recipient_member_id", "created_at", "id"),
        Index("ix_notifications_unread", "recipient_member_id", "read_at"),
    )

    recipient_member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE")
    )
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind, "notification_kind"))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[uuid.UUID]
    activity_id: Mapped[uuid.UUID | None] = mapped_column(comment="The change that caused it.")
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    title: Mapped[str] = mapped_column(String(200), comment="What it is about, as named then.")
    excerpt: Mapped[str] = mapped_column(Text, default="", comment="Plain text, at most 280.")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None] = mapped_column(
        comment="Sent by email, at once or in a digest."
    )


class NotificationPreference(Base):
    __tablename__ = "notification_preferences"

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[NotificationKind] = mapped_column(
        enum_type(NotificationKind, "notification_kind"), primary_key=True
    )
    delivery: Mapped[Delivery] = mapped_column(enum_type(Delivery, "notification_delivery"))


class NotificationDigest(Base):
    """One row per member and day a digest went out: at most one a day."""

    __tablename__ = "notification_digests"

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[str] = mapped_column(String(10), primary_key=True, comment="ISO date, UTC.")
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    count: Mapped[int]
