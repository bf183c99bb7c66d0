"""Issue 12 in the week: a report keeps the campaign's key results at submission.

Revision ID: 2026_12_02_week10
Revises: 2026_12_02_money13
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "2026_12_02_week10"
down_revision: str | Sequence[str] | None = "2026_12_02_money13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "key_results_snapshot",
                app.models.base.JSONType,
                nullable=False,
                server_default=sa.text("'[]'"),
                comment="The campaign's key results (goals module) at submission.",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("key_results_snapshot")
