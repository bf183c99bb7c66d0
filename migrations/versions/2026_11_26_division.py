"""Division of labour: assignment history, workspace division settings, and an index for
reading members' loads.

Revision ID: 2026_11_26_division
Revises: 84082252f969
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import app.models.base

revision: str = "2026_11_26_division"
down_revision: str | Sequence[str] | None = "84082252f969"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "assignment_changes",
        sa.Column("assignment_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column(
            "previous_member_id",
            sa.Uuid(),
            nullable=True,
            comment="The member before a handover (when the assignee changed).",
        ),
        sa.Column(
            "action",
            sa.Enum(
                "created",
                "updated",
                "ended",
                "deleted",
                name="change_action",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("changed_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_member_id", sa.Uuid(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", JSON, nullable=True),
        sa.Column("after", JSON, nullable=True),
        sa.Column("changed_fields", JSON, nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_assignment_changes_actor_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_assignment_changes_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_changes")),
    )
    with op.batch_alter_table("assignment_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignment_changes_actor_user_id"), ["actor_user_id"], unique=False
        )
        batch_op.create_index(
            "ix_assignment_changes_assignment", ["assignment_id", "changed_at"], unique=False
        )
        batch_op.create_index(
            "ix_assignment_changes_campaign", ["campaign_id", "changed_at"], unique=False
        )
        batch_op.create_index(
            "ix_assignment_changes_member", ["member_id", "changed_at"], unique=False
        )
        batch_op.create_index(
            "ix_assignment_changes_previous_member", ["previous_member_id"], unique=False
        )
        batch_op.create_index(
            "ix_assignment_changes_timeline", ["workspace_id", "changed_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assignment_changes_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "division_settings",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("over_allocation_percent", sa.Integer(), nullable=False),
        sa.Column("spof_scope_share_percent", sa.Integer(), nullable=False),
        sa.Column("spof_min_scopes", sa.Integer(), nullable=False),
        sa.Column("spof_max_skill_holders", sa.Integer(), nullable=False),
        sa.Column("idle_below_percent", sa.Integer(), nullable=False),
        sa.Column("suggested_allocation_percent", sa.Integer(), nullable=False),
        sa.Column("weight_skill_fit", sa.Integer(), nullable=False),
        sa.Column("weight_spare_capacity", sa.Integer(), nullable=False),
        sa.Column("weight_spread", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "idle_below_percent BETWEEN 0 AND 100", name=op.f("ck_division_settings_idle_range")
        ),
        sa.CheckConstraint(
            "over_allocation_percent BETWEEN 50 AND 300",
            name=op.f("ck_division_settings_over_allocation_range"),
        ),
        sa.CheckConstraint(
            "spof_max_skill_holders BETWEEN 0 AND 10",
            name=op.f("ck_division_settings_spof_holders_range"),
        ),
        sa.CheckConstraint(
            "spof_min_scopes BETWEEN 1 AND 100",
            name=op.f("ck_division_settings_spof_min_scopes_range"),
        ),
        sa.CheckConstraint(
            "spof_scope_share_percent BETWEEN 10 AND 100",
            name=op.f("ck_division_settings_spof_share_range"),
        ),
        sa.CheckConstraint(
            "suggested_allocation_percent BETWEEN 0 AND 100",
            name=op.f("ck_division_settings_suggested_allocation_range"),
        ),
        sa.CheckConstraint(
            "weight_skill_fit BETWEEN 0 AND 100 AND weight_spare_capacity BETWEEN 0 AND 100"
            " AND weight_spread BETWEEN 0 AND 100"
            " AND weight_skill_fit + weight_spare_capacity + weight_spread > 0",
            name=op.f("ck_division_settings_weights_range"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_division_settings_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_division_settings")),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assignments_member_load",
            ["member_id", "starts_on", "ends_on", "status", "allocation_percent", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_assignments_member_load")
    op.drop_table("division_settings")
    with op.batch_alter_table("assignment_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_changes_workspace_id"))
        batch_op.drop_index("ix_assignment_changes_timeline")
        batch_op.drop_index("ix_assignment_changes_previous_member")
        batch_op.drop_index("ix_assignment_changes_member")
        batch_op.drop_index("ix_assignment_changes_campaign")
        batch_op.drop_index("ix_assignment_changes_assignment")
        batch_op.drop_index(batch_op.f("ix_assignment_changes_actor_user_id"))
    op.drop_table("assignment_changes")
