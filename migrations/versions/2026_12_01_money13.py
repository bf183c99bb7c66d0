"""Issue 13, the rest of the paper: documents with versions (contracts, licence grants,
funding), licence grants, investors, contract obligations; deals remember when their
deliverables became tasks.

Revision ID: 2026_12_01_money13
Revises: 2026_12_01_imports12
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "2026_12_01_money13"
down_revision: str | Sequence[str] | None = "2026_12_01_imports12"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _at(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, app.models.base.UTCDateTime(timezone=True), nullable=nullable)


def _scoped(table: str) -> list[Any]:
    return [
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f(f"fk_{table}_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _versioned() -> list[Any]:
    return [
        _at("created_at"),
        _at("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.add_column("deals", _at("deliverables_tasked_at", nullable=True))
    op.add_column("ip_assets", sa.Column("reminded_for", sa.Date(), nullable=True))
    op.create_table(
        "documents",
        sa.Column(
            "owner_type",
            _enum("document_owner", "contract", "licence_grant", "funding"),
            nullable=False,
        ),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "document_kind",
                "contract",
                "amendment",
                "chain_of_title",
                "pitch_deck",
                "financial_model",
                "term_sheet",
                "other",
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("file_reference_id", sa.Uuid(), nullable=False),
        _at("created_at"),
        sa.Column("created_by_member_id", sa.Uuid(), nullable=True),
        _fk("documents", "file_reference_id", "file_references", "CASCADE"),
        _fk("documents", "created_by_member_id", "members", "SET NULL"),
        sa.UniqueConstraint(
            "workspace_id",
            "owner_type",
            "owner_id",
            "kind",
            "title",
            "version",
            name=op.f("uq_documents_workspace_id_owner_type_owner_id_kind_title_version"),
        ),
        *_scoped("documents"),
    )
    op.create_index("ix_documents_owner", "documents", ["workspace_id", "owner_type", "owner_id"])
    op.create_index(op.f("ix_documents_workspace_id"), "documents", ["workspace_id"])
    op.create_index(op.f("ix_documents_file_reference_id"), "documents", ["file_reference_id"])

    op.create_table(
        "licence_grants",
        sa.Column("ip_asset_id", sa.Uuid(), nullable=False),
        sa.Column("licensee", sa.String(length=200), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=True),
        sa.Column("contract_id", sa.Uuid(), nullable=True),
        sa.Column("territory", sa.String(length=200), nullable=False),
        sa.Column("media", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("exclusive", sa.Boolean(), nullable=False),
        sa.Column("royalty_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        _fk("licence_grants", "ip_asset_id", "ip_assets", "CASCADE"),
        _fk("licence_grants", "partner_id", "partners", "SET NULL"),
        _fk("licence_grants", "contract_id", "contracts", "SET NULL"),
        *_versioned(),
        *_scoped("licence_grants"),
    )
    for column in ("workspace_id", "ip_asset_id", "partner_id", "contract_id"):
        op.create_index(op.f(f"ix_licence_grants_{column}"), "licence_grants", [column])

    op.create_table(
        "investors",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("wechat", sa.String(length=80), nullable=False),
        sa.Column(
            "stage",
            _enum(
                "investor_stage",
                "prospect",
                "contacted",
                "meeting",
                "due_diligence",
                "term_sheet",
                "committed",
                "closed",
                "passed",
            ),
            nullable=False,
        ),
        sa.Column("ticket_minor", sa.BigInteger(), nullable=True),
        sa.Column("ticket_currency", sa.String(length=3), nullable=True),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("next_step_due_on", sa.Date(), nullable=True),
        sa.Column("owner_member_id", sa.Uuid(), nullable=True),
        sa.Column("last_contact_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        _fk("investors", "owner_member_id", "members", "SET NULL"),
        *_versioned(),
        *_scoped("investors"),
    )
    op.create_index("ix_investors_workspace_stage", "investors", ["workspace_id", "stage"])
    for column in ("workspace_id", "owner_member_id"):
        op.create_index(op.f(f"ix_investors_{column}"), "investors", [column])

    op.create_table(
        "obligations",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("owed_by", _enum("owed_by", "us", "counterparty"), nullable=False),
        sa.Column("owner_member_id", sa.Uuid(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "recurrence",
            _enum("obligation_recurrence", "none", "monthly", "quarterly", "yearly"),
            nullable=False,
        ),
        sa.Column("status", _enum("obligation_status", "open", "done"), nullable=False),
        sa.Column("last_done_on", sa.Date(), nullable=True),
        sa.Column("anchor_on", sa.Date(), nullable=True),
        _fk("obligations", "contract_id", "contracts", "CASCADE"),
        _fk("obligations", "owner_member_id", "members", "SET NULL"),
        *_versioned(),
        *_scoped("obligations"),
    )
    op.create_index(
        "ix_obligations_owner_due", "obligations", ["workspace_id", "owner_member_id", "due_on"]
    )
    for column in ("workspace_id", "contract_id"):
        op.create_index(op.f(f"ix_obligations_{column}"), "obligations", [column])


def downgrade() -> None:
    for table in ("obligations", "investors", "licence_grants", "documents"):
        op.drop_table(table)  # their indexes go with them
    # Plain ALTER TABLE DROP COLUMN (SQLite ≥ 3.35): no batch copy of the tables.
    op.drop_column("deals", "deliverables_tasked_at")
    op.drop_column("ip_assets", "reminded_for")
