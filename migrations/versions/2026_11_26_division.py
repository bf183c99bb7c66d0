"""Division of labour: assignment history and workspace division settings.

Revision ID: 2026_11_26_division
Revises: 84082252f969
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "2026_11_26_division"
down_revision: str | Sequence[str] | None = "84082252f969"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
