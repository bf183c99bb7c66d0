"""Periodic reports (定期汇报): schedules of who reports to whom, and the reports."""

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    JSONType,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)
from app.models.enums import ReportHealth, ReportStatus


class ReportSchedule(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """Who reports on what (a campaign, a role on it, or a member), to whom, how often.

    `escalations` remembers the escalation steps taken ("author:period:step"), so the
    job records each step once however often it runs.
    """

    __tablename__ = "report_schedules"
    __table_args__ = (CheckConstraint("grace_hours BETWEEN 0 AND 720", name="grace_range"),)

    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    role_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"))
    subject_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE")
    )
    author_member_ids: Mapped[list[str]] = mapped_column(default=list)
    reviewer_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    rrule: Mapped[str] = mapped_column(String(500))
    start_on: Mapped[date]
    due_time: Mapped[time]
    grace_hours: Mapped[int] = mapped_column(default=72)
    enabled: Mapped[bool] = mapped_column(default=True)
    escalations: Mapped[list[str]] = mapped_column(default=list)


class Report(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A status report: health, progress, difficulties, next plan, asks; versions kept."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_schedule_period", "schedule_id", "author_member_id", "period_at"),
        Index("ix_reports_reviewer_status", "workspace_id", "reviewer_member_id", "status"),
    )

    schedule_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("report_schedules.id", ondelete="SET NULL")
    )
    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    author_member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    reviewer_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    period_at: Mapped[datetime | None]
    period_label: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[ReportStatus] = mapped_column(
        enum_type(ReportStatus, "report_status"), default=ReportStatus.draft
    )
    health: Mapped[ReportHealth] = mapped_column(enum_type(ReportHealth, "report_health"))
    progress: Mapped[str] = mapped_column(Text, default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    next_plan: Mapped[str] = mapped_column(Text, default="")
    asks: Mapped[str] = mapped_column(Text, default="")
    task_ids: Mapped[list[str]] = mapped_column(default=list)
    metrics_snapshot: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    key_results_snapshot: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONType,
        default=list,
        server_default=text("'[]'"),
        comment="The campaign's key results (goals module) at submission.",
    )
    versions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    submitted_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    acknowledgement: Mapped[str] = mapped_column(Text, default="")
