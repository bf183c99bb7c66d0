"""Issue 9: the one read path — the assignments list's keyset order gets an index.

`GET …/assignments` pages by `(created_at, id)` within a workspace; without an index
every page sorted all of the workspace's assignments (30,000 at bench size M: ~0.8 s
per page for the raw-SQL baseline too).

Revision ID: 2026_11_29_read_path
Revises: 2026_11_26_performance
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "2026_11_29_read_path"
down_revision: str | Sequence[str] | None = "2026_11_26_performance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assignments_list", ["workspace_id", "created_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_assignments_list")
