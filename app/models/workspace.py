import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)
from app.models.enums import Access, Locale


class Workspace(IdMixin, TimestampMixin, VersionedMixin, Base):
    """The tenant: everything else belongs to exactly one workspace."""

    __tablename__ = "workspaces"

    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[Locale] = mapped_column(enum_type(Locale, "locale"), default=Locale.en)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    currency: Mapped[str] = mapped_column(String(3), default="CNY")


class Invite(WorkspaceScopedMixin, Base):
    """A one-time, expiring invitation to join a workspace with an access level."""

    __tablename__ = "invites"

    email: Mapped[str] = mapped_column(String(254))
    access: Mapped[Access] = mapped_column(enum_type(Access, "access"))
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
