"""Issue 10: tasks and recurring work plans (reports and training follow).

`work_plans`: a task blueprint plus an RRULE schedule, with bookkeeping of when its next
occurrence appears. `tasks`: ordinary tasks; an occurrence carries `plan_id` and
`occurrence_at`, unique together, so materialising is idempotent across processes.

Revision ID: 2026_11_30_week
Revises: 2026_11_29_files
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import app.models.base

revision: str = "2026_11_30_week"
down_revision: str | Sequence[str] | None = "2026_11_29_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "work_plans",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("scope_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("checklist", JSON, nullable=False),
        sa.Column(
            "priority",
            sa.Enum(
                "none",
                "low",
                "medium",
                "high",
                "urgent",
                name="task_priority",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("estimate_hours", sa.Double(), nullable=True),
        sa.Column("owner_member_id", sa.Uuid(), nullable=True),
        sa.Column("role_id", sa.Uuid(), nullable=True),
        sa.Column(
            "rotation",
            sa.Enum(
                "none",
                "round_robin",
                name="plan_rotation",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("rrule", sa.String(length=500), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("due_time", sa.Time(), nullable=False),
        sa.Column(
            "anchor",
            sa.Enum(
                "schedule",
                "completion",
                name="plan_anchor",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("skip_weekends", sa.Boolean(), nullable=False),
        sa.Column(
            "catch_up",
            sa.Enum(
                "skip_missed",
                "create_all",
                name="plan_catch_up",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("appear_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_occurrence_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rotation_next", sa.Integer(), nullable=False),
        sa.Column("skipped", JSON, nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "lead_days BETWEEN 0 AND 365", name=op.f("ck_work_plans_lead_days_range")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_work_plans_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_member_id"],
            ["members.id"],
            name=op.f("fk_work_plans_owner_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_work_plans_role_id_roles"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["scope_id"],
            ["scopes.id"],
            name=op.f("fk_work_plans_scope_id_scopes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_work_plans_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_plans")),
    )
    with op.batch_alter_table("work_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_plans_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index("ix_work_plans_due", ["enabled", "appear_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_work_plans_owner_member_id"), ["owner_member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_work_plans_role_id"), ["role_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_plans_scope_id"), ["scope_id"], unique=False)
        batch_op.create_index(
            "ix_work_plans_workspace_due", ["workspace_id", "enabled", "appear_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_work_plans_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "tasks",
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("scope_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("owner_member_id", sa.Uuid(), nullable=True),
        sa.Column("role_id", sa.Uuid(), nullable=True),
        sa.Column("due_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "todo",
                "doing",
                "blocked",
                "done",
                "cancelled",
                name="task_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("blocked_reason", sa.Text(), nullable=True),
        sa.Column(
            "priority",
            sa.Enum(
                "none",
                "low",
                "medium",
                "high",
                "urgent",
                name="task_priority",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("checklist", JSON, nullable=False),
        sa.Column("estimate_hours", sa.Double(), nullable=True),
        sa.Column("metric_ids", JSON, nullable=False),
        sa.Column("completed_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_by_member_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_member_id", sa.Uuid(), nullable=True),
        sa.Column("plan_id", sa.Uuid(), nullable=True),
        sa.Column("occurrence_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("own_fields", JSON, nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status <> 'blocked' OR blocked_reason IS NOT NULL",
            name=op.f("ck_tasks_blocked_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_tasks_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["completed_by_member_id"],
            ["members.id"],
            name=op.f("fk_tasks_completed_by_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_member_id"],
            ["members.id"],
            name=op.f("fk_tasks_created_by_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_member_id"],
            ["members.id"],
            name=op.f("fk_tasks_owner_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["work_plans.id"],
            name=op.f("fk_tasks_plan_id_work_plans"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_tasks_role_id_roles"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["scope_id"], ["scopes.id"], name=op.f("fk_tasks_scope_id_scopes"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_tasks_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
        sa.UniqueConstraint(
            "plan_id", "occurrence_at", name=op.f("uq_tasks_plan_id_occurrence_at")
        ),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index("ix_tasks_open_due", ["status", "due_at"], unique=False)
        batch_op.create_index(
            "ix_tasks_owner_due",
            ["workspace_id", "owner_member_id", "status", "due_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_tasks_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_role_id"), ["role_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_scope_id"), ["scope_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_workspace_id"), ["workspace_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_tasks_scope_id"))
        batch_op.drop_index(batch_op.f("ix_tasks_role_id"))
        batch_op.drop_index(batch_op.f("ix_tasks_plan_id"))
        batch_op.drop_index("ix_tasks_owner_due")
        batch_op.drop_index("ix_tasks_open_due")
        batch_op.drop_index(batch_op.f("ix_tasks_campaign_id"))

    op.drop_table("tasks")
    with op.batch_alter_table("work_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_plans_workspace_id"))
        batch_op.drop_index("ix_work_plans_workspace_due")
        batch_op.drop_index(batch_op.f("ix_work_plans_scope_id"))
        batch_op.drop_index(batch_op.f("ix_work_plans_role_id"))
        batch_op.drop_index(batch_op.f("ix_work_plans_owner_member_id"))
        batch_op.drop_index("ix_work_plans_due")
        batch_op.drop_index(batch_op.f("ix_work_plans_campaign_id"))

    op.drop_table("work_plans")
