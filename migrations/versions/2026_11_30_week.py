"""Issue 10: tasks, work plans, reports, training.

A slot in the chain, filled by the change it is named after (empty until then).

Revision ID: 2026_11_30_week
Revises: 2026_11_29_files
Create Date: 2026-11-30
"""

from collections.abc import Sequence

revision: str = "2026_11_30_week"
down_revision: str | Sequence[str] | None = "2026_11_29_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
