"""Issue 15: the browser workspace refined.

A slot in the chain, filled by the change it is named after (empty until then).

Revision ID: 2026_11_29_web_refined
Revises: 2026_11_29_division_scale
Create Date: 2026-11-29
"""

from collections.abc import Sequence

revision: str = "2026_11_29_web_refined"
down_revision: str | Sequence[str] | None = "2026_11_29_division_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
