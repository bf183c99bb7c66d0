"""DESIGN §7: the content-addressed file store.

`stored_files`: one row per content (SHA-256) per workspace; `file_references`: the
objects that use it, with the name they show. The bytes live in the blob store.

Revision ID: 2026_11_29_files
Revises: 2026_11_29_shared_machinery
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "2026_11_29_files"
down_revision: str | Sequence[str] | None = "2026_11_29_shared_machinery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("sha256", sa.String(length=64), nullable=False, comment="Hex digest"),
        sa.Column("size", sa.BigInteger(), nullable=False, comment="Bytes"),
        sa.Column(
            "content_type",
            sa.String(length=120),
            nullable=False,
            comment="Detected from the content, e.g. text/csv; charset=gb18030",
        ),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_stored_files_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
        sa.UniqueConstraint(
            "workspace_id", "sha256", name=op.f("uq_stored_files_workspace_id_sha256")
        ),
    )
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_files_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stored_files_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "file_references",
        sa.Column("stored_file_id", sa.Uuid(), nullable=False),
        sa.Column(
            "owner_type", sa.String(length=40), nullable=False, comment="e.g. contract, comment"
        ),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False, comment="Safe name, as shown"),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_member_id", sa.Uuid(), nullable=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_member_id"],
            ["members.id"],
            name=op.f("fk_file_references_created_by_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"],
            ["stored_files.id"],
            name=op.f("fk_file_references_stored_file_id_stored_files"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_file_references_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_file_references")),
    )
    with op.batch_alter_table("file_references", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_file_references_stored_file_id"), ["stored_file_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_file_references_workspace_id"), ["workspace_id"], unique=False
        )
        batch_op.create_index(
            "ix_file_references_owner",
            ["workspace_id", "owner_type", "owner_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("file_references", schema=None) as batch_op:
        batch_op.drop_index("ix_file_references_owner")
        batch_op.drop_index(batch_op.f("ix_file_references_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_file_references_stored_file_id"))
    op.drop_table("file_references")
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_files_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_stored_files_sha256"))
    op.drop_table("stored_files")
