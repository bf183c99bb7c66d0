"""DESIGN §7: clock, activity stream, jobs and outbox.

A slot in the chain, filled by the change it is named after (empty until then).

Revision ID: 2026_11_29_shared_machinery
Revises: 2026_11_29_web_refined
Create Date: 2026-11-29
"""

from collections.abc import Sequence

revision: str = "2026_11_29_shared_machinery"
down_revision: str | Sequence[str] | None = "2026_11_29_web_refined"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
