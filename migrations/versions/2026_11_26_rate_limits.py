"""Rate limits for sign-in and token endpoints.

Revision ID: 2026_11_26_rate_limits
Revises: 2026_11_26_division
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "2026_11_26_rate_limits"
down_revision: str | Sequence[str] | None = "2026_11_26_division"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
