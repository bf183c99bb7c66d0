"""Indexes for the benchmarked read paths: members in the member list's keyset order.

Revision ID: 2026_11_26_performance
Revises: 2026_11_26_rate_limits
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "2026_11_26_performance"
down_revision: str | Sequence[str] | None = "2026_11_26_rate_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(
            "ix_members_workspace_name", ["workspace_id", "display_name", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_workspace_name")
