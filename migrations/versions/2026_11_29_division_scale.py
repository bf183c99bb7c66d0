"""Issue 9/14: the division check at scale.

`division_versions`: a counter per workspace that every write bumps, the key of the
cached health checks.

Revision ID: 2026_11_29_division_scale
Revises: 2026_11_29_read_path
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_11_29_division_scale"
down_revision: str | Sequence[str] | None = "2026_11_29_read_path"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "division_versions",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_division_versions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_division_versions")),
    )


def downgrade() -> None:
    op.drop_table("division_versions")
