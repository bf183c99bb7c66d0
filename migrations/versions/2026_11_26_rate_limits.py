"""Rate limits for sign-in and token endpoints.

Revision ID: 2026_11_26_rate_limits
Revises: 2026_11_26_division
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "2026_11_26_rate_limits"
down_revision: str | Sequence[str] | None = "2026_11_26_division"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_counters",
        sa.Column(
            "key",
            sa.String(length=100),
            nullable=False,
            comment="scope:kind:SHA-256 of the account or address",
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "expires_at",
            app.models.base.UTCDateTime(timezone=True),
            nullable=False,
            comment="End of the window that began with the first counted attempt",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_counters")),
    )
    with op.batch_alter_table("rate_limit_counters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rate_limit_counters_expires_at"),
            ["expires_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("rate_limit_counters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_counters_expires_at"))
    op.drop_table("rate_limit_counters")
