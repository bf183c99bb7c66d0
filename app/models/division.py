"""Division of labour: a workspace's health-check settings and the assignments' history."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.assignment import Assignment
from app.models.base import Base, TimestampMixin, VersionedMixin, WorkspaceScopedMixin, enum_type


class DivisionSettings(TimestampMixin, VersionedMixin, Base):
    """Thresholds of the health check and weights of the staffing suggestions.

    One row per workspace, written on the first change; until then the defaults apply.
    """

    __tablename__ = "division_settings"
    __table_args__ = (
        CheckConstraint("over_allocation_percent BETWEEN 50 AND 300", name="over_allocation_range"),
        CheckConstraint("spof_scope_share_percent BETWEEN 10 AND 100", name="spof_share_range"),
        CheckConstraint("spof_min_scopes BETWEEN 1 AND 100", name="spof_min_scopes_range"),
        CheckConstraint("spof_max_skill_holders BETWEEN 0 AND 10", name="spof_holders_range"),
        CheckConstraint("idle_below_percent BETWEEN 0 AND 100", name="idle_range"),
        CheckConstraint(
            "suggested_allocation_percent BETWEEN 0 AND 100", name="suggested_allocation_range"
        ),
        CheckConstraint(
            "weight_skill_fit BETWEEN 0 AND 100 AND weight_spare_capacity BETWEEN 0 AND 100"
            " AND weight_spread BETWEEN 0 AND 100"
            " AND weight_skill_fit + weight_spare_capacity + weight_spread > 0",
            name="weights_range",
        ),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    over_allocation_percent: Mapped[int] = mapped_column(default=100)
    spof_scope_share_percent: Mapped[int] = mapped_column(default=50)
    spof_min_scopes: Mapped[int] = mapped_column(default=3)
    spof_max_skill_holders: Mapped[int] = mapped_column(default=1)
    idle_below_percent: Mapped[int] = mapped_column(default=0)
    suggested_allocation_percent: Mapped[int] = mapped_column(default=20)
    weight_skill_fit: Mapped[int] = mapped_column(default=50)
    weight_spare_capacity: Mapped[int] = mapped_column(default=30)
    weight_spread: Mapped[int] = mapped_column(default=20)


class ChangeAction(StrEnum):
    created = "created"
    updated = "updated"
    ended = "ended"
    deleted = "deleted"


class AssignmentChange(WorkspaceScopedMixin, Base):
    """One create, update, end or delete of an assignment: who, when, before → after, why.

    Written in the same transaction as the change. Ids of the assignment, member and
    campaign are kept without foreign keys so the record outlives what it describes;
    `before`/`after` are snapshots with the names as they were.
    """

    __tablename__ = "assignment_changes"
    __table_args__ = (
        Index("ix_assignment_changes_timeline", "workspace_id", "changed_at", "id"),
        Index("ix_assignment_changes_assignment", "assignment_id", "changed_at"),
        Index("ix_assignment_changes_campaign", "campaign_id", "changed_at"),
        Index("ix_assignment_changes_member", "member_id", "changed_at"),
        Index("ix_assignment_changes_previous_member", "previous_member_id"),
    )

    assignment_id: Mapped[uuid.UUID]
    campaign_id: Mapped[uuid.UUID | None]
    member_id: Mapped[uuid.UUID]
    previous_member_id: Mapped[uuid.UUID | None] = mapped_column(
        comment="The member before a handover (when the assignee changed)."
    )
    action: Mapped[ChangeAction] = mapped_column(enum_type(ChangeAction, "change_action"))
    changed_at: Mapped[datetime]
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_member_id: Mapped[uuid.UUID | None]
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    changed_fields: Mapped[list[str]]


# Loads of given members over a few weeks (campaign health, a member's workload) are read
# from this index alone: no visit to the table per assignment.
Index(
    "ix_assignments_member_load",
    Assignment.member_id,
    Assignment.starts_on,
    Assignment.ends_on,
    Assignment.status,
    Assignment.allocation_percent,
    Assignment.id,
)
