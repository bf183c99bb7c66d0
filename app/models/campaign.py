import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import (
    Base,
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)
from app.models.enums import CampaignKind, CampaignStatus
from app.models.member import Member
from app.models.metric import Metric
from app.models.role import Role


class Campaign(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A project or activity, with its audience, required roles, scopes and goals."""

    __tablename__ = "campaigns"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[CampaignKind] = mapped_column(enum_type(CampaignKind, "campaign_kind"))
    status: Mapped[CampaignStatus] = mapped_column(
        enum_type(CampaignStatus, "campaign_status"), default=CampaignStatus.draft
    )
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    lead_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    audience: Mapped[dict[str, Any]] = mapped_column(default=dict)
    archived_at: Mapped[datetime | None]  # archived: out of lists and pickers, kept whole

    lead_member: Mapped[Member | None] = relationship(lazy="raise")
    scopes: Mapped[list["Scope"]] = relationship(
        lazy="raise", order_by="[Scope.created_at, Scope.id]", viewonly=True
    )
    required_roles: Mapped[list["CampaignRequiredRole"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="CampaignRequiredRole.role_id"
    )
    goals: Mapped[list["CampaignGoal"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="CampaignGoal.position"
    )


class Scope(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A named area of responsibility inside a campaign (a row of the RACI matrix)."""

    __tablename__ = "scopes"
    __table_args__ = (UniqueConstraint("campaign_id", "name"),)

    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    # The roles this area of work needs (staffing suggests for those); loaded on purpose.
    needed_roles: Mapped[list["ScopeRole"]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ScopeRole.role_id",
    )

    @property
    def role_ids(self) -> list[uuid.UUID]:
        return sorted(needed.role_id for needed in self.needed_roles)


class ScopeRole(Base):
    """A role a scope needs (e.g. "Sponsor contract" needs the partnership planner)."""

    __tablename__ = "scope_roles"

    scope_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("scopes.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CampaignRequiredRole(Base):
    __tablename__ = "campaign_required_roles"

    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    role: Mapped[Role] = relationship(lazy="raise")


class CampaignGoal(IdMixin, Base):
    __tablename__ = "campaign_goals"

    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    metric_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("metrics.id"), index=True)
    target: Mapped[float]
    due_on: Mapped[date | None]

    metric: Mapped[Metric] = relationship(lazy="raise")
