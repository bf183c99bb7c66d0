"""DESIGN §7: the content-addressed file store.

A slot in the chain, filled by the change it is named after (empty until then).

Revision ID: 2026_11_29_files
Revises: 2026_11_29_shared_machinery
Create Date: 2026-11-29
"""

from collections.abc import Sequence

revision: str = "2026_11_29_files"
down_revision: str | Sequence[str] | None = "2026_11_29_shared_machinery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
