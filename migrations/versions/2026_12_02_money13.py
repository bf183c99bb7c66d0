"""Issue 13: a contract linked to a campaign keeps the scope its sign-off is tracked in
(the Legal role is its default accountable).

Existing contracts are not given a scope here (that needs the scope and assignment services,
which a migration does not call): their `signoff_scope_id` stays NULL until the contract is moved
to another campaign. The finding `contract_signoff_unassigned` is raised only for a
contract that has a sign-off scope, so an older contract shows no sign-off line and no warning.

Revision ID: 2026_12_02_money13
Revises: 2026_12_02_live11
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_02_money13"
down_revision: str | Sequence[str] | None = "2026_12_02_live11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signoff_scope_id", sa.Uuid(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_contracts_signoff_scope_id"), ["signoff_scope_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_contracts_signoff_scope_id_scopes"),
            "scopes",
            ["signoff_scope_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_contracts_signoff_scope_id_scopes"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_contracts_signoff_scope_id"))
        batch_op.drop_column("signoff_scope_id")
