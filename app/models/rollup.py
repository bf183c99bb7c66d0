"""Per-day rollups of datapoints, so dashboards answer without scanning raw datapoints."""

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

NO_CAMPAIGN = uuid.UUID(int=0)


class MetricRollup(Base):
    """One metric's datapoints of one local day (the workspace's calendar), channel and
    campaign (`NO_CAMPAIGN` for none): maintained in the ingest transaction."""

    __tablename__ = "metric_rollups"
    __table_args__ = (Index("ix_metric_rollups_workspace_id_day", "workspace_id", "day"),)

    metric_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("metrics.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_key: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    total: Mapped[float]
    count: Mapped[int]
    minimum: Mapped[float]
    maximum: Mapped[float]
    last_value: Mapped[float]
    last_at: Mapped[datetime]
