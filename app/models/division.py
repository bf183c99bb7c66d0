"""Division of labour: a workspace's health-check settings; the history's actions."""

import uuid
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from app.models.assignment import Assignment
from app.models.base import Base, TimestampMixin, VersionedMixin
from app.models.member import MemberSkill


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


class DivisionVersion(Base):
    """A token per workspace, replaced by every transaction that records an activity in
    it (every write does): the key of the cached health checks (`app.division.versions`)."""

    __tablename__ = "division_versions"

    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    shared: Mapped[int] = mapped_column(
        BigInteger,
        default=0,
        server_default="0",
        comment="Replaced by writes every campaign's findings read (members, skills, roles, "
        "settings), not by writes to one campaign.",
    )


class DivisionCampaignVersion(Base):
    """A token per campaign, replaced by every transaction that writes the campaign, its
    scopes, required roles or assignments: the key of its cached findings."""

    __tablename__ = "division_campaign_versions"

    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class ChangeAction(StrEnum):
    """What happened to an assignment (its history is the activity stream's)."""

    created = "created"
    updated = "updated"
    ended = "ended"
    deleted = "deleted"


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

# The best holders of a skill (the health check's helpers and mentors) are the first rows
# of this index per skill: a few index entries, whatever the number of members.
Index(
    "ix_member_skills_skill_level",
    MemberSkill.skill_id,
    MemberSkill.level,
    MemberSkill.member_id,
)
