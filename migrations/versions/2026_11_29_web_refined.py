"""Issue 15: the browser workspace refined — campaigns can be archived.

An archived campaign keeps its history and can be opened, but leaves the lists and
pickers (`campaigns_list` hides it unless `archived=true`).

Revision ID: 2026_11_29_web_refined
Revises: 2026_11_29_division_scale
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "2026_11_29_web_refined"
down_revision: str | Sequence[str] | None = "2026_11_29_division_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases: a batch copy of `campaigns` on SQLite would drop the
# table, and its foreign keys would delete the assignments of every campaign with it.
def upgrade() -> None:
    op.add_column(
        "campaigns",
        sa.Column("archived_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("campaigns", "archived_at")
