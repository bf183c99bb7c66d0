"""Issue 13, the rest of the paper: documents with versions (kept in the one file store),
licence grants of IP assets, investors and the obligations of contracts."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
    utcnow,
)


class DocumentOwner(StrEnum):
    """What a document belongs to (its `owner_type`)."""

    contract = "contract"
    licence_grant = "licence_grant"
    funding = "funding"  # the workspace's funding documents (owner id: the workspace)


class DocumentKind(StrEnum):
    contract = "contract"
    amendment = "amendment"
    chain_of_title = "chain_of_title"
    pitch_deck = "pitch_deck"
    financial_model = "financial_model"
    term_sheet = "term_sheet"
    other = "other"


class Document(WorkspaceScopedMixin, Base):
    """One version of a document of a contract, a licence grant or the funding round.

    Versions of one document share (owner, kind, title) and count up from 1; the bytes
    are a file reference of the one attachment store (owner type `document`)."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("workspace_id", "owner_type", "owner_id", "kind", "title", "version"),
        Index("ix_documents_owner", "workspace_id", "owner_type", "owner_id"),
    )

    owner_type: Mapped[DocumentOwner] = mapped_column(enum_type(DocumentOwner, "document_owner"))
    owner_id: Mapped[uuid.UUID]
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind, "document_kind"))
    title: Mapped[str] = mapped_column(String(200))
    version: Mapped[int]
    signed: Mapped[bool] = mapped_column(default=False)
    file_reference_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("file_references.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )


class LicenceGrant(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A licence of an IP asset to a licensee (its chain-of-title documents: `documents`)."""

    __tablename__ = "licence_grants"

    ip_asset_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ip_assets.id", ondelete="CASCADE"), index=True
    )
    licensee: Mapped[str] = mapped_column(String(200))
    partner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), index=True
    )
    contract_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contracts.id", ondelete="SET NULL"), index=True
    )
    territory: Mapped[str] = mapped_column(String(200), default="")
    media: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    exclusive: Mapped[bool] = mapped_column(default=False)
    royalty_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    notes: Mapped[str] = mapped_column(Text, default="")


class InvestorStage(StrEnum):
    prospect = "prospect"
    contacted = "contacted"
    meeting = "meeting"
    due_diligence = "due_diligence"
    term_sheet = "term_sheet"
    committed = "committed"
    closed = "closed"
    passed = "passed"


class Investor(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """An investor in the team's investor-relations pipeline (项目融资)."""

    __tablename__ = "investors"
    __table_args__ = (Index("ix_investors_workspace_stage", "workspace_id", "stage"),)

    name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    wechat: Mapped[str] = mapped_column(String(80), default="")
    stage: Mapped[InvestorStage] = mapped_column(
        enum_type(InvestorStage, "investor_stage"), default=InvestorStage.prospect
    )
    ticket_minor: Mapped[int | None] = mapped_column(BigInteger)
    ticket_currency: Mapped[str | None] = mapped_column(String(3))
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_step_due_on: Mapped[date | None]
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    last_contact_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class OwedBy(StrEnum):
    us = "us"
    counterparty = "counterparty"


class ObligationRecurrence(StrEnum):
    none = "none"
    monthly = "monthly"
    quarterly = "quarterly"
    yearly = "yearly"


class ObligationStatus(StrEnum):
    open = "open"
    done = "done"


class Obligation(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """Who owes what by when under a contract (a recurring one moves on when done)."""

    __tablename__ = "obligations"
    __table_args__ = (
        Index("ix_obligations_owner_due", "workspace_id", "owner_member_id", "due_on"),
    )

    contract_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(String(500))
    owed_by: Mapped[OwedBy] = mapped_column(enum_type(OwedBy, "owed_by"), default=OwedBy.us)
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    due_on: Mapped[date]
    recurrence: Mapped[ObligationRecurrence] = mapped_column(
        enum_type(ObligationRecurrence, "obligation_recurrence"),
        default=ObligationRecurrence.none,
    )
    status: Mapped[ObligationStatus] = mapped_column(
        enum_type(ObligationStatus, "obligation_status"), default=ObligationStatus.open
    )
    last_done_on: Mapped[date | None]
    # The due date a person set: a recurrence counts from it, so 31 Jan → 28 Feb → 31 Mar.
    anchor_on: Mapped[date | None]
