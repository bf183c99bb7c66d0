import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import (
    Base,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)
from app.models.enums import Access, MemberStatus
from app.models.skill import Skill


class Member(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A person in a workspace; `access` is set when the member is linked to a user."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("workspace_id", "user_id"),
        UniqueConstraint("workspace_id", "email"),
        # The member list's keyset order: a page reads 200 entries of this index in
        # order instead of sorting every member of the workspace.
        Index("ix_members_workspace_name", "workspace_id", "display_name", "id"),
    )

    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    title: Mapped[str | None] = mapped_column(String(120))
    weekly_capacity_hours: Mapped[float] = mapped_column(default=40.0)
    status: Mapped[MemberStatus] = mapped_column(
        enum_type(MemberStatus, "member_status"), default=MemberStatus.active
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    access: Mapped[Access | None] = mapped_column(enum_type(Access, "access"))

    skills: Mapped[list["MemberSkill"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="MemberSkill.skill_id"
    )


class MemberSkill(Base):
    __tablename__ = "member_skills"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),)

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[int]

    skill: Mapped[Skill] = relationship(lazy="raise")
