"""Announcements to an audience, with a receipt per recipient."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import (
    Base,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    utcnow,
)


class Announcement(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "announcements"
    __table_args__ = (Index("ix_announcements_feed", "workspace_id", "created_at", "id"),)

    author_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    audience_everyone: Mapped[bool] = mapped_column(
        default=False, comment="Every active member, also those who join later."
    )
    audience_role_ids: Mapped[list[str]] = mapped_column(default=list)
    audience_campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    audience_member_ids: Mapped[list[str]] = mapped_column(default=list)
    pinned_until: Mapped[datetime | None]
    requires_ack: Mapped[bool] = mapped_column(default=False)
    ack_due_at: Mapped[datetime | None]
    publish_at: Mapped[datetime | None] = mapped_column(comment="Scheduled publishing.")
    published_at: Mapped[datetime | None]

    receipts: Mapped[list["AnnouncementReceipt"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class AnnouncementReceipt(Base):
    __tablename__ = "announcement_receipts"

    announcement_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    delivered_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_seen_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
