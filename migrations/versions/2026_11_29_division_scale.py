"""Issue 9/14: the division check at scale.

A slot in the chain, filled by the change it is named after (empty until then).

Revision ID: 2026_11_29_division_scale
Revises: 2026_11_29_read_path
Create Date: 2026-11-29
"""

from collections.abc import Sequence

revision: str = "2026_11_29_division_scale"
down_revision: str | Sequence[str] | None = "2026_11_29_read_path"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
