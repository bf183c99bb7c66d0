"""Issue 12: CSV/XLSX imports with preview, validation, commit and undo.

`data_imports`: an uploaded file (its bytes until commit or expiry), how it is read
(encoding, delimiter, header row, sheet), the column mapping and the commit's counts;
`data_import_changes`: each row an import created or changed, with its state before
(so undo reverts exactly that).

Revision ID: 2026_12_01_imports12
Revises: 2026_12_01_web15
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import app.models.base

revision: str = "2026_12_01_imports12"
down_revision: str | Sequence[str] | None = "2026_12_01_web15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UTC = app.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "data_imports",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("file_format", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("encoding", sa.String(length=32), nullable=True),
        sa.Column("encoding_override", sa.String(length=32), nullable=True),
        sa.Column("delimiter", sa.String(length=4), nullable=True),
        sa.Column("header_row", sa.Integer(), nullable=False),
        sa.Column("sheet", sa.String(length=120), nullable=True),
        sa.Column("mapping", JSON, nullable=False),
        sa.Column("key_column", sa.String(length=200), nullable=True),
        sa.Column("on_duplicate", sa.String(length=16), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("validated_at", UTC, nullable=True),
        sa.Column("valid_rows", sa.Integer(), nullable=True),
        sa.Column("error_rows", sa.Integer(), nullable=True),
        sa.Column("result", JSON, nullable=True),
        sa.Column("created_by_member_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("committed_at", UTC, nullable=True),
        sa.Column("undone_at", UTC, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_member_id"],
            ["members.id"],
            name=op.f("fk_data_imports_created_by_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_data_imports_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_imports")),
    )
    op.create_index(
        op.f("ix_data_imports_workspace_id"), "data_imports", ["workspace_id"], unique=False
    )
    op.create_index(
        "ix_data_imports_workspace_created",
        "data_imports",
        ["workspace_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "data_import_changes",
        sa.Column("import_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("related_id", sa.Uuid(), nullable=True),
        sa.Column("before", JSON, nullable=True),
        sa.Column("created_ids", JSON, nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["data_imports.id"],
            name=op.f("fk_data_import_changes_import_id_data_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_import_changes")),
    )
    op.create_index(
        op.f("ix_data_import_changes_import_id"),
        "data_import_changes",
        ["import_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_data_import_changes_import_id"), table_name="data_import_changes")
    op.drop_table("data_import_changes")
    op.drop_index("ix_data_imports_workspace_created", table_name="data_imports")
    op.drop_index(op.f("ix_data_imports_workspace_id"), table_name="data_imports")
    op.drop_table("data_imports")
