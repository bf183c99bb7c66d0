"""Issue 13: deals, funding, contracts and IP.

A slot in the chain, filled by the change it is named after (empty until then).

Revision ID: 2026_11_30_money
Revises: 2026_11_30_goals
Create Date: 2026-11-30
"""

from collections.abc import Sequence

revision: str = "2026_11_30_money"
down_revision: str | Sequence[str] | None = "2026_11_30_goals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
