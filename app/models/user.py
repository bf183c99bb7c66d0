import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_type
from app.models.enums import Locale, TokenKind


class User(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A login identity. People in a workspace are members; a member may link to a user."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[Locale] = mapped_column(enum_type(Locale, "locale"), default=Locale.en)
    is_active: Mapped[bool] = mapped_column(default=True)


class AccessToken(IdMixin, Base):
    """A bearer token. Only its SHA-256 is stored; the secret is shown once."""

    __tablename__ = "access_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[TokenKind] = mapped_column(enum_type(TokenKind, "token_kind"))
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[list[str]]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="raise")
