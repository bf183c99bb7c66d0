"""Tasks and the recurring work plans whose occurrences are tasks."""

import uuid
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    JSONType,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)
from app.models.enums import PlanAnchor, PlanCatchUp, PlanRotation, TaskPriority, TaskStatus

ChecklistItems = list[dict[str, object]]


class WorkPlan(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A task blueprint and its schedule: an RRULE from a local start date at a due time.

    `appear_at` is when the next occurrence should exist (the start of its local due day
    less `lead_days`); the job and readers only touch plans whose `appear_at` has come,
    so materialising costs nothing for plans with nothing due. `last_occurrence_at`,
    `rotation_next` and `appear_at` are bookkeeping written without a version bump.
    """

    __tablename__ = "work_plans"
    __table_args__ = (
        CheckConstraint("lead_days BETWEEN 0 AND 365", name="lead_days_range"),
        Index("ix_work_plans_due", "enabled", "appear_at"),
        Index("ix_work_plans_workspace_due", "workspace_id", "enabled", "appear_at"),
    )

    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    scope_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("scopes.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    checklist: Mapped[list[str]] = mapped_column(default=list)
    priority: Mapped[TaskPriority] = mapped_column(
        enum_type(TaskPriority, "task_priority"), default=TaskPriority.none
    )
    estimate_hours: Mapped[float | None]
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    role_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("roles.id", ondelete="SET NULL"), index=True
    )
    rotation: Mapped[PlanRotation] = mapped_column(
        enum_type(PlanRotation, "plan_rotation"), default=PlanRotation.none
    )
    rrule: Mapped[str] = mapped_column(String(500))
    start_on: Mapped[date]
    due_time: Mapped[time]
    anchor: Mapped[PlanAnchor] = mapped_column(
        enum_type(PlanAnchor, "plan_anchor"), default=PlanAnchor.schedule
    )
    lead_days: Mapped[int] = mapped_column(default=0)
    skip_weekends: Mapped[bool] = mapped_column(default=False)
    catch_up: Mapped[PlanCatchUp] = mapped_column(
        enum_type(PlanCatchUp, "plan_catch_up"), default=PlanCatchUp.skip_missed
    )
    enabled: Mapped[bool] = mapped_column(default=True)
    appear_at: Mapped[datetime | None]
    last_occurrence_at: Mapped[datetime | None]
    rotation_next: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[list[str]] = mapped_column(default=list)


class Task(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A piece of work with an owner, a due time, a status and an ordered checklist.

    An occurrence of a work plan carries `plan_id` and `occurrence_at`; the unique
    constraint on the pair makes creating occurrences idempotent across processes.
    `own_fields` are the fields changed on this occurrence alone ("this one only"),
    which later plan edits leave as they are.
    """

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("plan_id", "occurrence_at"),
        CheckConstraint(
            "status <> 'blocked' OR blocked_reason IS NOT NULL", name="blocked_has_reason"
        ),
        Index("ix_tasks_owner_due", "workspace_id", "owner_member_id", "status", "due_at"),
        Index("ix_tasks_open_due", "status", "due_at"),
    )

    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    scope_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("scopes.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    role_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("roles.id", ondelete="SET NULL"), index=True
    )
    due_at: Mapped[datetime | None]
    status: Mapped[TaskStatus] = mapped_column(
        enum_type(TaskStatus, "task_status"), default=TaskStatus.todo
    )
    blocked_reason: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[TaskPriority] = mapped_column(
        enum_type(TaskPriority, "task_priority"), default=TaskPriority.none
    )
    checklist: Mapped[ChecklistItems] = mapped_column(JSONType, default=list)
    estimate_hours: Mapped[float | None]
    metric_ids: Mapped[list[str]] = mapped_column(default=list)
    completed_at: Mapped[datetime | None]
    completed_by_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    created_by_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    plan_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("work_plans.id", ondelete="SET NULL"), index=True
    )
    occurrence_at: Mapped[datetime | None]
    own_fields: Mapped[list[str]] = mapped_column(default=list)
