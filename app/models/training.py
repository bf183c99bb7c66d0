"""Training (培训与提升) and the history of members' skill levels."""

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin, VersionedMixin, WorkspaceScopedMixin


class Training(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A course, workshop or mentoring a member takes to raise a skill."""

    __tablename__ = "trainings"
    __table_args__ = (
        CheckConstraint(
            "level_before IS NULL OR level_before BETWEEN 1 AND 5", name="before_range"
        ),
        CheckConstraint("level_after IS NULL OR level_after BETWEEN 1 AND 5", name="after_range"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_ordered"
        ),
    )

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    skill_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("skills.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    hours: Mapped[float | None]
    level_before: Mapped[int | None]
    level_after: Mapped[int | None]
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    notes: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None]
    task_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))


class SkillLevelChange(IdMixin, Base):
    """One change of a member's level in a skill, and what caused it."""

    __tablename__ = "skill_level_changes"
    __table_args__ = (Index("ix_skill_level_changes_member", "member_id", "changed_at"),)

    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    skill_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), index=True
    )
    level_before: Mapped[int | None]
    level_after: Mapped[int]
    changed_at: Mapped[datetime]
    training_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("trainings.id", ondelete="SET NULL")
    )
