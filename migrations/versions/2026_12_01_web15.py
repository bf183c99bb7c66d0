"""Issue 15: a scope names the roles it needs (staffing suggests for those).

`scope_roles`: scope × role, removed with either.

Revision ID: 2026_12_01_web15
Revises: 2026_11_30_live
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_01_web15"
down_revision: str | Sequence[str] | None = "2026_11_30_live"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scope_roles",
        sa.Column("scope_id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scope_id"],
            ["scopes.id"],
            name=op.f("fk_scope_roles_scope_id_scopes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["roles.id"],
            name=op.f("fk_scope_roles_role_id_roles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scope_id", "role_id", name=op.f("pk_scope_roles")),
    )
    op.create_index(op.f("ix_scope_roles_role_id"), "scope_roles", ["role_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_scope_roles_role_id"), table_name="scope_roles")
    op.drop_table("scope_roles")
