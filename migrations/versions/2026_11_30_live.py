"""Issue 11: live pages (server-sent events) and signed webhooks.

A slot in the chain, filled by the change it is named after (empty until then).

Revision ID: 2026_11_30_live
Revises: 2026_11_30_money
Create Date: 2026-11-30
"""

from collections.abc import Sequence

revision: str = "2026_11_30_live"
down_revision: str | Sequence[str] | None = "2026_11_30_money"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
