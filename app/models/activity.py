"""The activity stream: one append-only row per change, written in the change's transaction.

The feed, the assignments' history, exports (and later notifications, live updates and
webhooks) all read this table; no feature keeps a second record of the same fact. Ids
of subjects, campaigns and members are kept without foreign keys so an entry outlives
what it describes; names are kept as they were.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (
        # The keyset orders: a workspace's feed, a campaign's, one subject's, one member's.
        Index("ix_activities_feed", "workspace_id", "id"),
        Index("ix_activities_campaign", "campaign_id", "id"),
        Index("ix_activities_subject", "subject_id", "id"),
        Index("ix_activities_member", "member_id", "id"),
        Index("ix_activities_related_member", "related_member_id", "id"),
        Index("ix_activities_actor_member", "actor_member_id", "id"),
        Index("ix_activities_actor_user", "actor_user_id", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        primary_key=True,
        comment="Time-ordered (UUIDv7 of occurred_at): the keyset cursor and the SSE event id.",
    )
    workspace_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"),
        comment="Empty for a user's own account (API tokens, profile).",
    )
    occurred_at: Mapped[datetime]
    verb: Mapped[str] = mapped_column(String(64), comment="`subject.action`, e.g. `scope.deleted`.")
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[uuid.UUID]
    subject_name: Mapped[str] = mapped_column(String(200), default="")
    campaign_id: Mapped[uuid.UUID | None]
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        comment="The member the subject concerns (an assignment's assignee, a member)."
    )
    related_member_id: Mapped[uuid.UUID | None] = mapped_column(
        comment="Another member concerned (the assignee before a handover)."
    )
    actor_user_id: Mapped[uuid.UUID | None]
    actor_member_id: Mapped[uuid.UUID | None]
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(
        comment="The changed fields before (all of them for a deletion)."
    )
    after: Mapped[dict[str, Any] | None] = mapped_column(
        comment="The changed fields after (all set ones for a creation)."
    )
    reason: Mapped[str] = mapped_column(Text, default="", comment="Typed by a person, as typed.")
    reason_code: Mapped[str | None] = mapped_column(
        String(64), comment="A reason chosen by the system; translated when shown."
    )
    reason_params: Mapped[dict[str, Any] | None]
    request_id: Mapped[str | None] = mapped_column(String(128))
