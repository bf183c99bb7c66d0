import uuid
from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import (
    Base,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)
from app.models.campaign import Campaign, Scope
from app.models.enums import AssignmentStatus, Raci
from app.models.member import Member
from app.models.role import Role

_ACTIVE_ACCOUNTABLE = "raci = 'accountable' AND status = 'active'"


class Assignment(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """Member × role × campaign scope × RACI: the unit of the division of labour.

    Two partial unique indexes make "one active accountable per campaign scope"
    hold in the database itself, whatever the application does concurrently.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        # The list's keyset order: a page reads `limit + 1` index entries, not a sort of
        # the workspace's assignments.
        Index("ix_assignments_list", "workspace_id", "created_at", "id"),
        CheckConstraint("allocation_percent BETWEEN 0 AND 100", name="allocation_range"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
        CheckConstraint("scope_id IS NULL OR campaign_id IS NOT NULL", name="scope_needs_campaign"),
        Index(
            "uq_assignments_one_accountable_per_scope",
            "campaign_id",
            "scope_id",
            unique=True,
            sqlite_where=text(f"scope_id IS NOT NULL AND {_ACTIVE_ACCOUNTABLE}"),
            postgresql_where=text(f"scope_id IS NOT NULL AND {_ACTIVE_ACCOUNTABLE}"),
        ),
        Index(
            "uq_assignments_one_accountable_per_campaign",
            "campaign_id",
            unique=True,
            sqlite_where=text(
                f"campaign_id IS NOT NULL AND scope_id IS NULL AND {_ACTIVE_ACCOUNTABLE}"
            ),
            postgresql_where=text(
                f"campaign_id IS NOT NULL AND scope_id IS NULL AND {_ACTIVE_ACCOUNTABLE}"
            ),
        ),
    )

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    role_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("roles.id"), index=True)
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    scope_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("scopes.id", ondelete="CASCADE"), index=True
    )
    raci: Mapped[Raci] = mapped_column(enum_type(Raci, "raci"))
    allocation_percent: Mapped[int] = mapped_column(default=0)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    status: Mapped[AssignmentStatus] = mapped_column(
        enum_type(AssignmentStatus, "assignment_status"), default=AssignmentStatus.active
    )
    note: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship(lazy="raise")
    role: Mapped[Role] = relationship(lazy="raise")
    campaign: Mapped[Campaign | None] = relationship(lazy="raise")
    scope: Mapped[Scope | None] = relationship(lazy="raise")
