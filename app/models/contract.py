"""Contracts: parties, dates, renewal with a notice period, decisions and the reminders
sent on the way to the notice deadline (issue 13)."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    JSONType,
    TimestampMixin,
    VersionedMixin,
    WorkspaceScopedMixin,
    enum_type,
)


class ContractType(StrEnum):
    sponsorship = "sponsorship"
    collaboration = "collaboration"
    licence_in = "licence_in"
    licence_out = "licence_out"
    nda = "nda"
    talent_release = "talent_release"
    commission = "commission"
    service = "service"
    volunteer = "volunteer"


class ContractStatus(StrEnum):
    draft = "draft"
    in_review = "in_review"
    sent = "sent"
    signed = "signed"
    active = "active"
    expiring = "expiring"
    expired = "expired"
    terminated = "terminated"
    renewed = "renewed"
    superseded = "superseded"


class Renewal(StrEnum):
    none = "none"
    automatic = "automatic"
    manual = "manual"
    option = "option"


class PeriodUnit(StrEnum):
    days = "days"
    months = "months"


class Decision(StrEnum):
    renew = "renew"
    renegotiate = "renegotiate"
    terminate = "terminate"


class Contract(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "contracts"

    title: Mapped[str] = mapped_column(String(200))
    type: Mapped[ContractType] = mapped_column(enum_type(ContractType, "contract_type"))
    status: Mapped[ContractStatus] = mapped_column(
        enum_type(ContractStatus, "contract_status"), default=ContractStatus.draft
    )
    partner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), index=True
    )
    counterparty_signatory: Mapped[str] = mapped_column(String(200), default="")
    signatory_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    deal_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("deals.id", ondelete="SET NULL"), index=True
    )
    parent_contract_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contracts.id", ondelete="SET NULL"), index=True
    )
    # The campaign scope its sign-off is tracked in (the RACI matrix names who is accountable).
    signoff_scope_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("scopes.id", ondelete="SET NULL"), index=True
    )
    effective_on: Mapped[date | None]
    end_on: Mapped[date | None] = mapped_column(index=True)
    renewal: Mapped[Renewal] = mapped_column(enum_type(Renewal, "contract_renewal"))
    renewal_term_months: Mapped[int | None]
    notice_period: Mapped[int | None]
    notice_period_unit: Mapped[PeriodUnit] = mapped_column(
        enum_type(PeriodUnit, "period_unit"), default=PeriodUnit.days
    )
    # Stored (end − notice period), so the reminder scan is an index range read.
    notice_deadline: Mapped[date | None] = mapped_column(index=True)
    lead_days: Mapped[int] = mapped_column(default=14)
    value_minor: Mapped[int | None] = mapped_column(BigInteger)
    value_currency: Mapped[str | None] = mapped_column(String(3))
    payment_schedule: Mapped[str] = mapped_column(Text, default="")
    governing_law: Mapped[str] = mapped_column(String(120), default="")
    confidentiality_until: Mapped[date | None]
    signed_on: Mapped[date | None]
    decision: Mapped[Decision | None] = mapped_column(enum_type(Decision, "contract_decision"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # The last reminder recorded (its day) and the escalation, so a scan never repeats one.
    reminded_for: Mapped[date | None]
    escalated_at: Mapped[datetime | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class IPAssetKind(StrEnum):
    work = "work"
    trademark = "trademark"
    domain = "domain"
    design = "design"
    patent = "patent"
    dataset = "dataset"


class IPAsset(WorkspaceScopedMixin, TimestampMixin, VersionedMixin, Base):
    """A work, trademark, domain, design, patent or dataset the team owns a share of."""

    __tablename__ = "ip_assets"

    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[IPAssetKind] = mapped_column(enum_type(IPAssetKind, "ip_asset_kind"))
    creators: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # [{name, share_percent}]: shares sum to 100.
    owners: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    created_on: Mapped[date | None]
    registration_number: Mapped[str] = mapped_column(String(120), default="")
    jurisdiction: Mapped[str] = mapped_column(String(120), default="")
    renewal_due_on: Mapped[date | None] = mapped_column(index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The last renewal reminder recorded (its day), so a scan never repeats one.
    reminded_for: Mapped[date | None]
