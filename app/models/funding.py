"""Funding: goals (each kind with its own progress), tiers, contributions and the terms
of a crowdfunding campaign (issue 13)."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    JSONType,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)


class GoalKind(StrEnum):
    one_off = "one_off"
    monthly_recurring = "monthly_recurring"
    yearly_budget = "yearly_budget"
    balance = "balance"


class TierKind(StrEnum):
    membership = "membership"
    donation = "donation"
    sponsorship = "sponsorship"
    reward = "reward"


class AmountType(StrEnum):
    fixed = "fixed"
    flexible = "flexible"


class Interval(StrEnum):
    one_time = "one_time"
    month = "month"
    year = "year"


class ContributionStatus(StrEnum):
    pledged = "pledged"
    paid = "paid"
    refunded = "refunded"
    failed = "failed"
    cancelled = "cancelled"


class FundingModel(StrEnum):
    all_or_nothing = "all_or_nothing"
    keep_what_you_raise = "keep_what_you_raise"


class FundingOutcome(StrEnum):
    running = "running"
    successful = "successful"
    failed = "failed"


class FundingGoal(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "funding_goals"
    __table_args__ = (CheckConstraint("target_minor > 0", name="target_positive"),)

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[GoalKind] = mapped_column(enum_type(GoalKind, "goal_kind"))
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    target_minor: Mapped[int] = mapped_column(BigInteger)
    target_currency: Mapped[str] = mapped_column(String(3))
    deadline: Mapped[date | None]
    priority: Mapped[int] = mapped_column(default=3)


class Tier(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A way to contribute, validated like Open Collective's tiers."""

    __tablename__ = "tiers"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TierKind] = mapped_column(enum_type(TierKind, "tier_kind"))
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    amount_type: Mapped[AmountType] = mapped_column(enum_type(AmountType, "amount_type"))
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    preset_amounts_minor: Mapped[list[int]] = mapped_column(JSONType, default=list)
    default_amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    minimum_amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    interval: Mapped[Interval] = mapped_column(enum_type(Interval, "contribution_interval"))
    quantity_limit: Mapped[int | None]
    available_from: Mapped[datetime | None]
    available_until: Mapped[datetime | None]
    # [{kind, description}]: typed benefits (reward, access, credit, merchandise, other).
    benefits: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    estimated_delivery_on: Mapped[date | None]


class Contribution(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """Money given or pledged. No card data, ever: a processor's id at most."""

    __tablename__ = "contributions"
    __table_args__ = (
        UniqueConstraint("workspace_id", "source", "external_id"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        Index("ix_contributions_workspace_campaign", "workspace_id", "campaign_id", "status"),
    )

    tier_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("tiers.id", ondelete="SET NULL"), index=True
    )
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL")
    )
    contributor_name: Mapped[str] = mapped_column(String(200))
    contributor_contact: Mapped[str] = mapped_column(String(254), default="")
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    interval: Mapped[Interval] = mapped_column(enum_type(Interval, "contribution_interval"))
    status: Mapped[ContributionStatus] = mapped_column(
        enum_type(ContributionStatus, "contribution_status")
    )
    source: Mapped[str] = mapped_column(String(40), default="manual")
    external_id: Mapped[str | None] = mapped_column(String(200))
    contributed_at: Mapped[datetime]


class CrowdfundingTerms(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A funding campaign's goal, deadline and model; settled once at the deadline."""

    __tablename__ = "crowdfunding_terms"
    __table_args__ = (CheckConstraint("goal_minor > 0", name="goal_positive"),)

    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), unique=True
    )
    goal_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    deadline: Mapped[datetime] = mapped_column(index=True)
    model: Mapped[FundingModel] = mapped_column(enum_type(FundingModel, "funding_model"))
    # [{amount_minor, title}] in the goal's currency, ascending.
    stretch_goals: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    outcome: Mapped[FundingOutcome] = mapped_column(
        enum_type(FundingOutcome, "funding_outcome"), default=FundingOutcome.running
    )
    raised_minor_at_settlement: Mapped[int | None] = mapped_column(BigInteger)
    settled_at: Mapped[datetime | None]
