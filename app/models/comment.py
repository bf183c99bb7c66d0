"""Comments on a subject (a campaign, an announcement, a meeting; later tasks, reports).

A subject is named by type and id without a foreign key: the comments' subject registry
(`app/comments/subjects.py`) knows how to find each type and who may see it. One level of
replies (`parent_id` names a top-level comment). Deleting leaves a tombstone: the row stays
(its replies keep their place) with the text removed and `deleted_at` set.
"""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, VersionedMixin, WorkspaceScopedMixin


class Comment(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "comments"
    __table_args__ = (
        # A subject's thread in order (the list's keyset), and each comment's replies.
        Index("ix_comments_subject", "subject_type", "subject_id", "created_at", "id"),
    )

    subject_type: Mapped[str] = mapped_column(String(32), comment="`campaign`, `announcement`, …")
    subject_id: Mapped[uuid.UUID]
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"),
        index=True,
        comment="The top-level comment this one replies to.",
    )
    author_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="", comment="Markdown as written.")
    body_html: Mapped[str] = mapped_column(Text, default="", comment="Rendered and sanitised.")
    mentioned_member_ids: Mapped[list[str]] = mapped_column(default=list)
    mentioned_role_keys: Mapped[list[str]] = mapped_column(default=list)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None] = mapped_column(comment="Set: a tombstone.")
