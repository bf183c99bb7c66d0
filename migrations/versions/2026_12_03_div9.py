"""Issue 9: a version per campaign, and a shared one per workspace, for the health checks.

Revision ID: 2026_12_03_div9
Revises: 2026_12_02_week10
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_03_div9"
down_revision: str | Sequence[str] | None = "2026_12_02_week10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "division_campaign_versions",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_division_campaign_versions_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_division_campaign_versions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_division_campaign_versions")),
    )
    op.create_index(
        op.f("ix_division_campaign_versions_workspace_id"),
        "division_campaign_versions",
        ["workspace_id"],
        unique=False,
    )
    with op.batch_alter_table("division_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "shared",
                sa.BigInteger(),
                server_default="0",
                nullable=False,
                comment="Replaced by writes every campaign's findings read (members, skills, "
                "roles, settings), not by writes to one campaign.",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("division_versions", schema=None) as batch_op:
        batch_op.drop_column("shared")
    op.drop_index(
        op.f("ix_division_campaign_versions_workspace_id"), table_name="division_campaign_versions"
    )
    op.drop_table("division_campaign_versions")
