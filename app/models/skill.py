from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)
from app.models.enums import SkillCategory


class Skill(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A named competence of the workspace."""

    __tablename__ = "skills"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[SkillCategory] = mapped_column(enum_type(SkillCategory, "skill_category"))
