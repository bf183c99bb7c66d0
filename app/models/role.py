import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, VersionedMixin, WorkspaceScopedMixin
from app.models.skill import Skill


class Role(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A functional role with its responsibilities, authorities and required skills."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    responsibilities: Mapped[list[str]] = mapped_column(default=list)
    authorities: Mapped[list[str]] = mapped_column(default=list)

    required_skills: Mapped[list["RoleRequiredSkill"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="RoleRequiredSkill.skill_id"
    )


class RoleRequiredSkill(Base):
    __tablename__ = "role_required_skills"
    __table_args__ = (CheckConstraint("min_level BETWEEN 1 AND 5", name="min_level_range"),)

    role_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    min_level: Mapped[int]

    skill: Mapped[Skill] = relationship(lazy="raise")
