"""Issue 11: notifications for reports due soon, overdue and escalated past their grace.

The notification kind is a VARCHAR with a CHECK constraint (on the inbox and on the
preferences); both constraints allow the three new kinds. Downgrading removes the rows
of those kinds first, since the old constraint refuses them.

Revision ID: 2026_12_02_live11
Revises: 2026_12_01_money13
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_02_live11"
down_revision: str | Sequence[str] | None = "2026_12_01_money13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = (
    "mention",
    "comment_reply",
    "assignment",
    "announcement",
    "acknowledgement_due",
    "acknowledgement_reminder",
    "action_assigned",
)
NEW_KINDS = ("report_due", "report_overdue", "report_escalated")
TABLES = ("notifications", "notification_preferences")


def _allow(kinds: Sequence[str]) -> None:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_notification_kind"), type_="check")
            batch_op.create_check_constraint(
                op.f(f"ck_{table}_notification_kind"), sa.text(f"kind IN ({listed})")
            )


def upgrade() -> None:
    _allow((*OLD_KINDS, *NEW_KINDS))


def downgrade() -> None:
    for table in TABLES:
        rows = sa.table(table, sa.column("kind"))
        op.execute(sa.delete(rows).where(rows.c.kind.in_(NEW_KINDS)))
    _allow(OLD_KINDS)
