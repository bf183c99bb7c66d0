"""Issue 12: goals with key results (campaign goals become key results); issue 15: metric
bounds (percentages 0–100, counts never negative).

Revision ID: 2026_11_30_goals
Revises: 2026_11_30_sharing
Create Date: 2026-11-30
"""

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "2026_11_30_goals"
down_revision: str | Sequence[str] | None = "2026_11_30_sharing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = app.models.base.UTCDateTime(timezone=True)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy): other tables' rows refer to metrics, and SQLite
    # would refuse to drop the old table under them. The service keeps min <= max.
    op.add_column("metrics", sa.Column("min_value", sa.Double(), nullable=True))
    op.add_column("metrics", sa.Column("max_value", sa.Double(), nullable=True))
    op.execute("UPDATE metrics SET min_value = 0, max_value = 100 WHERE unit = '%'")
    op.execute("UPDATE metrics SET min_value = 0 WHERE unit IN ('count', '个')")

    op.create_table(
        "goals",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner_member_id", sa.Uuid(), nullable=True),
        sa.Column("reviewer_member_id", sa.Uuid(), nullable=True),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", _enum("goal_state", "draft", "active", "closed"), nullable=False),
        sa.Column(
            "outcome",
            _enum("goal_outcome", "achieved", "partial", "missed", "dropped"),
            nullable=True,
        ),
        sa.Column(
            "pace",
            _enum("pace_profile", "linear", "front_loaded", "back_loaded"),
            nullable=False,
        ),
        sa.Column(
            "status_override",
            _enum("goal_status", "on_track", "at_risk", "off_track"),
            nullable=True,
        ),
        sa.Column("status_override_note", sa.String(length=500), nullable=False),
        sa.Column("status_override_at", TIME, nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("due_on >= starts_on", name=op.f("ck_goals_period")),
        sa.CheckConstraint(
            "(state = 'closed') = (outcome IS NOT NULL)", name=op.f("ck_goals_closed_outcome")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_goals_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_member_id"],
            ["members.id"],
            name=op.f("fk_goals_owner_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["goals.id"], name=op.f("fk_goals_parent_id_goals"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_member_id"],
            ["members.id"],
            name=op.f("fk_goals_reviewer_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_goals_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    for column in ("campaign_id", "owner_member_id", "parent_id", "workspace_id"):
        op.create_index(op.f(f"ix_goals_{column}"), "goals", [column])

    op.create_table(
        "key_results",
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("start_value", sa.Double(), nullable=False),
        sa.Column("target_value", sa.Double(), nullable=False),
        sa.Column(
            "aggregation", _enum("key_result_aggregation", "latest", "sum", "avg"), nullable=False
        ),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("target_value <> start_value", name=op.f("ck_key_results_target_moves")),
        sa.CheckConstraint("weight > 0", name=op.f("ck_key_results_weight_positive")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_key_results_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_key_results_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_key_results_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_results")),
    )
    op.create_index(op.f("ix_key_results_goal_id"), "key_results", ["goal_id"])
    op.create_index(op.f("ix_key_results_metric_id"), "key_results", ["metric_id"])

    op.create_table(
        "goal_settings",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("on_track_from", sa.Double(), nullable=False),
        sa.Column("at_risk_from", sa.Double(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "at_risk_from > 0 AND at_risk_from <= on_track_from AND on_track_from <= 2",
            name=op.f("ck_goal_settings_thresholds"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_goal_settings_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_goal_settings")),
    )
    _campaign_goals_become_key_results()
    op.create_table(
        "metric_rollups",
        sa.Column("metric_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("campaign_key", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("total", sa.Double(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("minimum", sa.Double(), nullable=False),
        sa.Column("maximum", sa.Double(), nullable=False),
        sa.Column("last_value", sa.Double(), nullable=False),
        sa.Column("last_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_metric_rollups_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_metric_rollups_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "metric_id", "day", "channel", "campaign_key", name=op.f("pk_metric_rollups")
        ),
    )
    op.create_index(
        op.f("ix_metric_rollups_workspace_id_day"), "metric_rollups", ["workspace_id", "day"]
    )
    _roll_up_existing_datapoints()


def _campaign_goals_become_key_results() -> None:
    """Each campaign with goals gets one goal whose key results are those goals (from 0)."""
    bind = op.get_bind()
    campaigns = sa.table(
        "campaigns",
        sa.column("id", sa.Uuid()),
        sa.column("workspace_id", sa.Uuid()),
        sa.column("name", sa.String()),
        sa.column("starts_on", sa.Date()),
        sa.column("ends_on", sa.Date()),
        sa.column("created_at", TIME),
    )
    campaign_goals = sa.table(
        "campaign_goals",
        sa.column("campaign_id", sa.Uuid()),
        sa.column("position", sa.Integer()),
        sa.column("metric_id", sa.Uuid()),
        sa.column("target", sa.Double()),
        sa.column("due_on", sa.Date()),
    )
    rows = bind.execute(
        sa.select(campaigns, campaign_goals.c.position, campaign_goals.c.metric_id)
        .add_columns(campaign_goals.c.target, campaign_goals.c.due_on)
        .join(campaign_goals, campaign_goals.c.campaign_id == campaigns.c.id)
        .order_by(campaigns.c.id, campaign_goals.c.position)
    ).all()
    by_campaign: dict[uuid.UUID, list[sa.Row]] = {}  # type: ignore[type-arg]
    for row in rows:
        by_campaign.setdefault(row.id, []).append(row)
    goals_table = sa.table("goals", *(sa.column(n, t) for n, t in _GOAL_COLUMNS.items()))
    key_results_table = sa.table("key_results", *(sa.column(n, t) for n, t in _KR_COLUMNS.items()))
    for campaign_id, goal_rows in by_campaign.items():
        first = goal_rows[0]
        starts_on: date = first.starts_on or first.created_at.date()
        dues = [d for d in [first.ends_on, *(r.due_on for r in goal_rows)] if d is not None]
        due_on = max([starts_on, *dues]) if dues else starts_on + timedelta(days=90)
        goal_id = uuid.uuid4()
        now = first.created_at
        bind.execute(
            sa.insert(goals_table).values(
                id=goal_id,
                workspace_id=first.workspace_id,
                title=first.name[:200],
                campaign_id=campaign_id,
                starts_on=starts_on,
                due_on=due_on,
                state="active",
                pace="linear",
                status_override_note="",
                created_at=now,
                updated_at=now,
                version=1,
            )
        )
        for row in goal_rows:
            if row.target == 0:
                continue  # a target of 0 from 0 measures nothing
            bind.execute(
                sa.insert(key_results_table).values(
                    id=uuid.uuid4(),
                    goal_id=goal_id,
                    position=row.position,
                    metric_id=row.metric_id,
                    campaign_id=campaign_id,
                    start_value=0.0,
                    target_value=row.target,
                    aggregation="latest",
                    weight=1.0,
                    created_at=now,
                    updated_at=now,
                    version=1,
                )
            )


_GOAL_COLUMNS: dict[str, sa.types.TypeEngine] = {  # type: ignore[type-arg]
    "id": sa.Uuid(),
    "workspace_id": sa.Uuid(),
    "title": sa.String(),
    "campaign_id": sa.Uuid(),
    "starts_on": sa.Date(),
    "due_on": sa.Date(),
    "state": sa.String(),
    "pace": sa.String(),
    "status_override_note": sa.String(),
    "created_at": TIME,
    "updated_at": TIME,
    "version": sa.Integer(),
}
_KR_COLUMNS: dict[str, sa.types.TypeEngine] = {  # type: ignore[type-arg]
    "id": sa.Uuid(),
    "goal_id": sa.Uuid(),
    "position": sa.Integer(),
    "metric_id": sa.Uuid(),
    "campaign_id": sa.Uuid(),
    "start_value": sa.Double(),
    "target_value": sa.Double(),
    "aggregation": sa.String(),
    "weight": sa.Double(),
    "created_at": TIME,
    "updated_at": TIME,
    "version": sa.Integer(),
}


def _roll_up_existing_datapoints() -> None:
    """Fill the rollups from the datapoints already stored (each workspace's calendar)."""
    from app.metrics.rollups import rebuild_all  # the same code as `troupe metrics rebuild-rollups`

    rebuild_all(op.get_bind())


def downgrade() -> None:
    op.drop_index(op.f("ix_metric_rollups_workspace_id_day"), table_name="metric_rollups")
    op.drop_table("metric_rollups")
    op.drop_table("goal_settings")
    op.drop_index(op.f("ix_key_results_metric_id"), table_name="key_results")
    op.drop_index(op.f("ix_key_results_goal_id"), table_name="key_results")
    op.drop_table("key_results")
    for column in ("workspace_id", "parent_id", "owner_member_id", "campaign_id"):
        op.drop_index(op.f(f"ix_goals_{column}"), table_name="goals")
    op.drop_table("goals")
    op.drop_column("metrics", "max_value")
    op.drop_column("metrics", "min_value")
