"""Partners, the deal pipeline's stages, deals and every move between stages (issue 13)."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    JSONType,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
    utcnow,
)


class PartnerKind(StrEnum):
    sponsor = "sponsor"
    brand = "brand"
    platform = "platform"
    venue = "venue"
    grant_maker = "grant_maker"
    other = "other"


class StageOutcome(StrEnum):
    """What a stage means for a deal: still open, closed won or lost, or put on hold."""

    open = "open"
    won = "won"
    lost = "lost"
    on_hold = "on_hold"


class Partner(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A sponsor, brand, platform, venue or grant maker the team deals with."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PartnerKind] = mapped_column(enum_type(PartnerKind, "partner_kind"))
    website: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str] = mapped_column(Text, default="")
    # [{name, role, email, phone, wechat}]: read and written whole with the partner.
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)


class PipelineStage(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A column of the deal pipeline, in `position` order, with a default probability."""

    __tablename__ = "pipeline_stages"
    __table_args__ = (
        UniqueConstraint("workspace_id", "name"),
        CheckConstraint("probability BETWEEN 0 AND 100", name="probability_range"),
    )

    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int]
    probability: Mapped[int]
    outcome: Mapped[StageOutcome] = mapped_column(enum_type(StageOutcome, "stage_outcome"))


class Deal(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A sponsorship, advertising or partnership deal moving through the pipeline."""

    __tablename__ = "deals"
    __table_args__ = (
        CheckConstraint("value_minor >= 0", name="value_not_negative"),
        CheckConstraint("in_kind_minor IS NULL OR in_kind_minor >= 0", name="in_kind_not_negative"),
        Index("ix_deals_workspace_stage", "workspace_id", "stage_id"),
        Index("ix_deals_workspace_created", "workspace_id", "created_at", "id"),
    )

    title: Mapped[str] = mapped_column(String(200))
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"), index=True)
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    stage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pipeline_stages.id"), index=True)
    stage_entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    value_minor: Mapped[int] = mapped_column(BigInteger)
    value_currency: Mapped[str] = mapped_column(String(3))
    in_kind_minor: Mapped[int | None] = mapped_column(BigInteger)
    in_kind_currency: Mapped[str | None] = mapped_column(String(3))
    in_kind_description: Mapped[str] = mapped_column(Text, default="")
    expected_close_on: Mapped[date | None]
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_step_due_on: Mapped[date | None]
    lost_reason: Mapped[str] = mapped_column(Text, default="")
    deliverables: Mapped[list[str]] = mapped_column(default=list)
    # When the deal was won and its deliverables became tasks (once per deal).
    deliverables_tasked_at: Mapped[datetime | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class DealStageChange(WorkspaceScopedMixin, Base):
    """One move of a deal into a stage (the first row: where it was created)."""

    __tablename__ = "deal_stage_changes"
    __table_args__ = (Index("ix_deal_stage_changes_deal_moved", "deal_id", "moved_at"),)

    deal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"))
    from_stage_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("pipeline_stages.id", ondelete="SET NULL")
    )
    to_stage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pipeline_stages.id"), index=True)
    moved_at: Mapped[datetime] = mapped_column(default=utcnow)
    moved_by_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
