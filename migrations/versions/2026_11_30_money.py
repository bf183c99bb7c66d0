"""Issue 13: deals, funding, contracts and IP.

Partners, the deal pipeline (stages with probabilities; the default ladder is added to
every existing workspace), deals and their stage history; the workspace's default
currency; funding goals, tiers, contributions and crowdfunding terms;
contracts (renewal, notice deadline, reminders sent, decision); IP assets.

Revision ID: 2026_11_30_money
Revises: 2026_11_30_goals
Create Date: 2026-11-30
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "2026_11_30_money"
down_revision: str | Sequence[str] | None = "2026_11_30_goals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The default pipeline as it was when this revision was written (name, 中文, %, outcome).
DEFAULT_STAGES = (
    ("Lead", "线索", 10, "open"),
    ("Contacted", "已联系", 20, "open"),
    ("Pitched", "已提案", 40, "open"),
    ("Negotiating", "谈判中", 60, "open"),
    ("Contract sent", "合同已发出", 80, "open"),
    ("Won", "已成交", 100, "won"),
    ("Lost", "已失败", 0, "lost"),
    ("On hold", "暂缓", 0, "on_hold"),
)


def _install_default_stages() -> None:
    connection = op.get_bind()
    workspaces = sa.table("workspaces", sa.column("id", sa.Uuid()), sa.column("locale"))
    stages = sa.table(
        "pipeline_stages",
        sa.column("id", sa.Uuid()),
        sa.column("workspace_id", sa.Uuid()),
        sa.column("name"),
        sa.column("position"),
        sa.column("probability"),
        sa.column("outcome"),
        sa.column("created_at", app.models.base.UTCDateTime(timezone=True)),
        sa.column("updated_at", app.models.base.UTCDateTime(timezone=True)),
        sa.column("version"),
    )
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "workspace_id": workspace_id,
            "name": chinese if locale == "zh-CN" else english,
            "position": position,
            "probability": probability,
            "outcome": outcome,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for workspace_id, locale in connection.execute(
            sa.select(workspaces.c.id, workspaces.c.locale)
        )
        for position, (english, chinese, probability, outcome) in enumerate(DEFAULT_STAGES)
    ]
    if rows:
        connection.execute(stages.insert(), rows)


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "sponsor",
                "brand",
                "platform",
                "venue",
                "grant_maker",
                "other",
                name="partner_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("contacts", app.models.base.JSONType, nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_partners_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("workspace_id", "name", name=op.f("uq_partners_workspace_id_name")),
    )
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partners_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "pipeline_stages",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "open",
                "won",
                "lost",
                "on_hold",
                name="stage_outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "probability BETWEEN 0 AND 100", name=op.f("ck_pipeline_stages_probability_range")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_pipeline_stages_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_stages")),
        sa.UniqueConstraint(
            "workspace_id", "name", name=op.f("uq_pipeline_stages_workspace_id_name")
        ),
    )
    with op.batch_alter_table("pipeline_stages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pipeline_stages_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "deals",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("owner_member_id", sa.Uuid(), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("stage_id", sa.Uuid(), nullable=False),
        sa.Column("stage_entered_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.Column("value_currency", sa.String(length=3), nullable=False),
        sa.Column("in_kind_minor", sa.BigInteger(), nullable=True),
        sa.Column("in_kind_currency", sa.String(length=3), nullable=True),
        sa.Column("in_kind_description", sa.Text(), nullable=False),
        sa.Column("expected_close_on", sa.Date(), nullable=True),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("next_step_due_on", sa.Date(), nullable=True),
        sa.Column("lost_reason", sa.Text(), nullable=False),
        sa.Column("deliverables", app.models.base.JSONType, nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "in_kind_minor IS NULL OR in_kind_minor >= 0",
            name=op.f("ck_deals_in_kind_not_negative"),
        ),
        sa.CheckConstraint("value_minor >= 0", name=op.f("ck_deals_value_not_negative")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_deals_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_member_id"],
            ["members.id"],
            name=op.f("fk_deals_owner_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_deals_partner_id_partners")
        ),
        sa.ForeignKeyConstraint(
            ["stage_id"], ["pipeline_stages.id"], name=op.f("fk_deals_stage_id_pipeline_stages")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_deals_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deals")),
    )
    with op.batch_alter_table("deals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deals_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_deals_owner_member_id"), ["owner_member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_deals_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deals_stage_id"), ["stage_id"], unique=False)
        batch_op.create_index(
            "ix_deals_workspace_created", ["workspace_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_deals_workspace_id"), ["workspace_id"], unique=False)
        batch_op.create_index(
            "ix_deals_workspace_stage", ["workspace_id", "stage_id"], unique=False
        )

    op.create_table(
        "deal_stage_changes",
        sa.Column("deal_id", sa.Uuid(), nullable=False),
        sa.Column("from_stage_id", sa.Uuid(), nullable=True),
        sa.Column("to_stage_id", sa.Uuid(), nullable=False),
        sa.Column("moved_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("moved_by_member_id", sa.Uuid(), nullable=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deal_id"],
            ["deals.id"],
            name=op.f("fk_deal_stage_changes_deal_id_deals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_stage_id"],
            ["pipeline_stages.id"],
            name=op.f("fk_deal_stage_changes_from_stage_id_pipeline_stages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["moved_by_member_id"],
            ["members.id"],
            name=op.f("fk_deal_stage_changes_moved_by_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["to_stage_id"],
            ["pipeline_stages.id"],
            name=op.f("fk_deal_stage_changes_to_stage_id_pipeline_stages"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_deal_stage_changes_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_stage_changes")),
    )
    with op.batch_alter_table("deal_stage_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deal_stage_changes_deal_moved", ["deal_id", "moved_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_deal_stage_changes_to_stage_id"), ["to_stage_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_deal_stage_changes_workspace_id"), ["workspace_id"], unique=False
        )

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("currency", sa.String(length=3), nullable=False, server_default="CNY")
        )
    _install_default_stages()
    _create_funding()
    _create_contracts()
    _create_ip_assets()


def downgrade() -> None:
    _drop_ip_assets()
    _drop_contracts()
    _drop_funding()
    # Plain ALTER TABLE: a batch copy of `workspaces` on SQLite would drop the table, and its
    # foreign keys would delete every workspace's rows with it.
    op.drop_column("workspaces", "currency")

    with op.batch_alter_table("deal_stage_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deal_stage_changes_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_deal_stage_changes_to_stage_id"))
        batch_op.drop_index("ix_deal_stage_changes_deal_moved")

    op.drop_table("deal_stage_changes")
    with op.batch_alter_table("deals", schema=None) as batch_op:
        batch_op.drop_index("ix_deals_workspace_stage")
        batch_op.drop_index(batch_op.f("ix_deals_workspace_id"))
        batch_op.drop_index("ix_deals_workspace_created")
        batch_op.drop_index(batch_op.f("ix_deals_stage_id"))
        batch_op.drop_index(batch_op.f("ix_deals_partner_id"))
        batch_op.drop_index(batch_op.f("ix_deals_owner_member_id"))
        batch_op.drop_index(batch_op.f("ix_deals_campaign_id"))

    op.drop_table("deals")
    with op.batch_alter_table("pipeline_stages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pipeline_stages_workspace_id"))

    op.drop_table("pipeline_stages")
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partners_workspace_id"))

    op.drop_table("partners")


def _create_funding() -> None:
    op.create_table(
        "crowdfunding_terms",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("goal_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("deadline", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "model",
            sa.Enum(
                "all_or_nothing",
                "keep_what_you_raise",
                name="funding_model",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("stretch_goals", app.models.base.JSONType, nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "running",
                "successful",
                "failed",
                name="funding_outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("raised_minor_at_settlement", sa.BigInteger(), nullable=True),
        sa.Column("settled_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("goal_minor > 0", name=op.f("ck_crowdfunding_terms_goal_positive")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_crowdfunding_terms_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_crowdfunding_terms_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crowdfunding_terms")),
        sa.UniqueConstraint("campaign_id", name=op.f("uq_crowdfunding_terms_campaign_id")),
    )
    with op.batch_alter_table("crowdfunding_terms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_crowdfunding_terms_deadline"), ["deadline"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_crowdfunding_terms_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "funding_goals",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "one_off",
                "monthly_recurring",
                "yearly_budget",
                "balance",
                name="goal_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("target_minor", sa.BigInteger(), nullable=False),
        sa.Column("target_currency", sa.String(length=3), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("target_minor > 0", name=op.f("ck_funding_goals_target_positive")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_funding_goals_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_funding_goals_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_goals")),
    )
    with op.batch_alter_table("funding_goals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funding_goals_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_funding_goals_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "tiers",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "membership",
                "donation",
                "sponsorship",
                "reward",
                name="tier_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "amount_type",
            sa.Enum(
                "fixed",
                "flexible",
                name="amount_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("preset_amounts_minor", app.models.base.JSONType, nullable=False),
        sa.Column("default_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("minimum_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column(
            "interval",
            sa.Enum(
                "one_time",
                "month",
                "year",
                name="contribution_interval",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("quantity_limit", sa.Integer(), nullable=True),
        sa.Column("available_from", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("available_until", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("benefits", app.models.base.JSONType, nullable=False),
        sa.Column("estimated_delivery_on", sa.Date(), nullable=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_tiers_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_tiers_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tiers")),
    )
    with op.batch_alter_table("tiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tiers_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tiers_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "contributions",
        sa.Column("tier_id", sa.Uuid(), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("contributor_name", sa.String(length=200), nullable=False),
        sa.Column("contributor_contact", sa.String(length=254), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "interval",
            sa.Enum(
                "one_time",
                "month",
                "year",
                name="contribution_interval",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "pledged",
                "paid",
                "refunded",
                "failed",
                "cancelled",
                name="contribution_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("contributed_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_contributions_amount_positive")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_contributions_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tier_id"],
            ["tiers.id"],
            name=op.f("fk_contributions_tier_id_tiers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contributions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contributions")),
        sa.UniqueConstraint(
            "workspace_id",
            "source",
            "external_id",
            name=op.f("uq_contributions_workspace_id_source_external_id"),
        ),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contributions_tier_id"), ["tier_id"], unique=False)
        batch_op.create_index(
            "ix_contributions_workspace_campaign",
            ["workspace_id", "campaign_id", "status"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_contributions_workspace_id"), ["workspace_id"], unique=False
        )


def _drop_funding() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributions_workspace_id"))
        batch_op.drop_index("ix_contributions_workspace_campaign")
        batch_op.drop_index(batch_op.f("ix_contributions_tier_id"))

    op.drop_table("contributions")
    with op.batch_alter_table("tiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tiers_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_tiers_campaign_id"))

    op.drop_table("tiers")
    with op.batch_alter_table("funding_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_goals_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_funding_goals_campaign_id"))

    op.drop_table("funding_goals")
    with op.batch_alter_table("crowdfunding_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crowdfunding_terms_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_crowdfunding_terms_deadline"))

    op.drop_table("crowdfunding_terms")


def _create_contracts() -> None:
    op.create_table(
        "contracts",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "sponsorship",
                "collaboration",
                "licence_in",
                "licence_out",
                "nda",
                "talent_release",
                "commission",
                "service",
                "volunteer",
                name="contract_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "in_review",
                "sent",
                "signed",
                "active",
                "expiring",
                "expired",
                "terminated",
                "renewed",
                "superseded",
                name="contract_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("partner_id", sa.Uuid(), nullable=True),
        sa.Column("counterparty_signatory", sa.String(length=200), nullable=False),
        sa.Column("signatory_member_id", sa.Uuid(), nullable=True),
        sa.Column("owner_member_id", sa.Uuid(), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("deal_id", sa.Uuid(), nullable=True),
        sa.Column("parent_contract_id", sa.Uuid(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column(
            "renewal",
            sa.Enum(
                "none",
                "automatic",
                "manual",
                "option",
                name="contract_renewal",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("renewal_term_months", sa.Integer(), nullable=True),
        sa.Column("notice_period", sa.Integer(), nullable=True),
        sa.Column(
            "notice_period_unit",
            sa.Enum(
                "days",
                "months",
                name="period_unit",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("notice_deadline", sa.Date(), nullable=True),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=True),
        sa.Column("value_currency", sa.String(length=3), nullable=True),
        sa.Column("payment_schedule", sa.Text(), nullable=False),
        sa.Column("governing_law", sa.String(length=120), nullable=False),
        sa.Column("confidentiality_until", sa.Date(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column(
            "decision",
            sa.Enum(
                "renew",
                "renegotiate",
                "terminate",
                name="contract_decision",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("decided_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("reminded_for", sa.Date(), nullable=True),
        sa.Column("escalated_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_contracts_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["deals.id"], name=op.f("fk_contracts_deal_id_deals"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_member_id"],
            ["members.id"],
            name=op.f("fk_contracts_owner_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_contract_id"],
            ["contracts.id"],
            name=op.f("fk_contracts_parent_contract_id_contracts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_contracts_partner_id_partners"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["signatory_member_id"],
            ["members.id"],
            name=op.f("fk_contracts_signatory_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contracts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
    )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contracts_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_deal_id"), ["deal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_end_on"), ["end_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contracts_notice_deadline"), ["notice_deadline"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contracts_owner_member_id"), ["owner_member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contracts_parent_contract_id"), ["parent_contract_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contracts_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contracts_workspace_id"), ["workspace_id"], unique=False
        )


def _drop_contracts() -> None:
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contracts_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_contracts_partner_id"))
        batch_op.drop_index(batch_op.f("ix_contracts_parent_contract_id"))
        batch_op.drop_index(batch_op.f("ix_contracts_owner_member_id"))
        batch_op.drop_index(batch_op.f("ix_contracts_notice_deadline"))
        batch_op.drop_index(batch_op.f("ix_contracts_end_on"))
        batch_op.drop_index(batch_op.f("ix_contracts_deal_id"))
        batch_op.drop_index(batch_op.f("ix_contracts_campaign_id"))

    op.drop_table("contracts")


def _create_ip_assets() -> None:
    op.create_table(
        "ip_assets",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "work",
                "trademark",
                "domain",
                "design",
                "patent",
                "dataset",
                name="ip_asset_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("creators", app.models.base.JSONType, nullable=False),
        sa.Column("owners", app.models.base.JSONType, nullable=False),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("registration_number", sa.String(length=120), nullable=False),
        sa.Column("jurisdiction", sa.String(length=120), nullable=False),
        sa.Column("renewal_due_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_ip_assets_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ip_assets")),
    )
    with op.batch_alter_table("ip_assets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ip_assets_renewal_due_on"), ["renewal_due_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ip_assets_workspace_id"), ["workspace_id"], unique=False
        )


def _drop_ip_assets() -> None:
    with op.batch_alter_table("ip_assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ip_assets_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_ip_assets_renewal_due_on"))

    op.drop_table("ip_assets")
