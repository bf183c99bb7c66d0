"""Goals with key results (issue 12): targets on metrics, progress computed on read."""

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import (
    Base,
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)


class GoalState(StrEnum):
    draft = "draft"
    active = "active"
    closed = "closed"


class GoalOutcome(StrEnum):
    achieved = "achieved"
    partial = "partial"
    missed = "missed"
    dropped = "dropped"


class GoalStatus(StrEnum):
    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"


class PaceProfile(StrEnum):
    linear = "linear"
    front_loaded = "front_loaded"
    back_loaded = "back_loaded"


class KeyResultAggregation(StrEnum):
    latest = "latest"
    sum = "sum"
    avg = "avg"


class Goal(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """An objective for a period, measured by its key results."""

    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint("due_on >= starts_on", name="period"),
        CheckConstraint("(state = 'closed') = (outcome IS NOT NULL)", name="closed_outcome"),
    )

    title: Mapped[str] = mapped_column(String(200))
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    reviewer_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("goals.id", ondelete="SET NULL"), index=True
    )
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    starts_on: Mapped[date]
    due_on: Mapped[date]
    state: Mapped[GoalState] = mapped_column(
        enum_type(GoalState, "goal_state"), default=GoalState.active
    )
    outcome: Mapped[GoalOutcome | None] = mapped_column(enum_type(GoalOutcome, "goal_outcome"))
    pace: Mapped[PaceProfile] = mapped_column(
        enum_type(PaceProfile, "pace_profile"), default=PaceProfile.linear
    )
    status_override: Mapped[GoalStatus | None] = mapped_column(enum_type(GoalStatus, "goal_status"))
    status_override_note: Mapped[str] = mapped_column(String(500), default="")
    status_override_at: Mapped[datetime | None]

    key_results: Mapped[list["KeyResult"]] = relationship(
        lazy="raise", order_by="[KeyResult.position, KeyResult.id]", viewonly=True
    )


class KeyResult(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A measurable target of a goal: a metric moving from `start_value` to `target_value`."""

    __tablename__ = "key_results"
    __table_args__ = (
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint("target_value <> start_value", name="target_moves"),
    )

    goal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    # Cascades only with the workspace: deleting a metric a key result uses is refused.
    metric_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("metrics.id", ondelete="CASCADE"), index=True
    )
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL")
    )
    channel: Mapped[str | None] = mapped_column(String(64))
    start_value: Mapped[float]
    target_value: Mapped[float]
    aggregation: Mapped[KeyResultAggregation] = mapped_column(
        enum_type(KeyResultAggregation, "key_result_aggregation"),
        default=KeyResultAggregation.latest,
    )
    weight: Mapped[float] = mapped_column(default=1.0)


class GoalSettings(TimestampMixin, VersionedMixin, Base):
    """A workspace's status thresholds on the pace ratio (defaults until the first change)."""

    __tablename__ = "goal_settings"
    __table_args__ = (
        CheckConstraint(
            "at_risk_from > 0 AND at_risk_from <= on_track_from AND on_track_from <= 2",
            name="thresholds",
        ),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    on_track_from: Mapped[float] = mapped_column(default=0.9)
    at_risk_from: Mapped[float] = mapped_column(default=0.7)
