import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)
from app.models.enums import Aggregation, Direction, MetricCategory


class Metric(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A metric definition: either aggregated from its own datapoints, or a ratio of two."""

    __tablename__ = "metrics"
    __table_args__ = (
        UniqueConstraint("workspace_id", "key"),
        CheckConstraint(
            "(aggregation IS NULL) <> (ratio_numerator_id IS NULL)"
            " AND (ratio_numerator_id IS NULL) = (ratio_denominator_id IS NULL)",
            name="aggregation_or_ratio",
        ),
        CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="bounds"
        ),
    )

    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(32), default="")
    category: Mapped[MetricCategory] = mapped_column(enum_type(MetricCategory, "metric_category"))
    aggregation: Mapped[Aggregation | None] = mapped_column(enum_type(Aggregation, "aggregation"))
    ratio_numerator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("metrics.id"))
    ratio_denominator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("metrics.id"))
    direction: Mapped[Direction] = mapped_column(
        enum_type(Direction, "direction"), default=Direction.higher_is_better
    )
    min_value: Mapped[float | None]
    max_value: Mapped[float | None]


class Datapoint(WorkspaceScopedMixin, Base):
    """One observed value of a metric, optionally for a campaign, member and channel."""

    __tablename__ = "datapoints"
    __table_args__ = (Index(None, "metric_id", "observed_at"),)

    metric_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("metrics.id", ondelete="CASCADE"))
    value: Mapped[float]
    observed_at: Mapped[datetime]
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
