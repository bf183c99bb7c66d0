"""Issue 11: comments, notifications, announcements with receipts.

`comments` (on any registered subject, one level of replies, tombstones),
`notifications` with `notification_preferences` and `notification_digests`,
`announcements` with `announcement_receipts`, `meetings` with `meeting_attendees`,
`agenda_items` and `meeting_outcomes`.

Revision ID: 2026_11_30_sharing
Revises: 2026_11_30_week
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import app.models.base

revision: str = "2026_11_30_sharing"
down_revision: str | Sequence[str] | None = "2026_11_30_week"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column(
            "subject_type",
            sa.String(length=32),
            nullable=False,
            comment="`campaign`, `announcement`, …",
        ),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column(
            "parent_id",
            sa.Uuid(),
            nullable=True,
            comment="The top-level comment this one replies to.",
        ),
        sa.Column("author_member_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False, comment="Markdown as written."),
        sa.Column("body_html", sa.Text(), nullable=False, comment="Rendered and sanitised."),
        sa.Column("mentioned_member_ids", JSON, nullable=False),
        sa.Column("mentioned_role_keys", JSON, nullable=False),
        sa.Column("edited_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "deleted_at",
            app.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="Set: a tombstone.",
        ),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_member_id"],
            ["members.id"],
            name=op.f("fk_comments_author_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["comments.id"],
            name=op.f("fk_comments_parent_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_comments_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comments_author_member_id"), ["author_member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_comments_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(
            "ix_comments_subject", ["subject_type", "subject_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_comments_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "notification_digests",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False, comment="ISO date, UTC."),
        sa.Column("sent_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_notification_digests_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "day", name=op.f("pk_notification_digests")),
    )
    op.create_table(
        "notification_preferences",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "mention",
                "comment_reply",
                "assignment",
                "announcement",
                "acknowledgement_due",
                "acknowledgement_reminder",
                "action_assigned",
                name="notification_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "delivery",
            sa.Enum(
                "immediate",
                "digest",
                "inbox",
                "off",
                name="notification_delivery",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_notification_preferences_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "kind", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "notifications",
        sa.Column("recipient_member_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "mention",
                "comment_reply",
                "assignment",
                "announcement",
                "acknowledgement_due",
                "acknowledgement_reminder",
                "action_assigned",
                name="notification_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=True, comment="The change that caused it."),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column(
            "title",
            sa.String(length=200),
            nullable=False,
            comment="What it is about, as named then.",
        ),
        sa.Column("excerpt", sa.Text(), nullable=False, comment="Plain text, at most 280."),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "emailed_at",
            app.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="Sent by email, at once or in a digest.",
        ),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_member_id"],
            ["members.id"],
            name=op.f("fk_notifications_recipient_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_notifications_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notifications_inbox", ["recipient_member_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_notifications_unread", ["recipient_member_id", "read_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "announcements",
        sa.Column("author_member_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column(
            "audience_everyone",
            sa.Boolean(),
            nullable=False,
            comment="Every active member, also those who join later.",
        ),
        sa.Column("audience_role_ids", JSON, nullable=False),
        sa.Column("audience_campaign_id", sa.Uuid(), nullable=True),
        sa.Column("audience_member_ids", JSON, nullable=False),
        sa.Column("pinned_until", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("requires_ack", sa.Boolean(), nullable=False),
        sa.Column("ack_due_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "publish_at",
            app.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="Scheduled publishing.",
        ),
        sa.Column("published_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audience_campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_announcements_audience_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_member_id"],
            ["members.id"],
            name=op.f("fk_announcements_author_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_announcements_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_announcements_audience_campaign_id"),
            ["audience_campaign_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_announcements_author_member_id"), ["author_member_id"], unique=False
        )
        batch_op.create_index(
            "ix_announcements_feed", ["workspace_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_announcements_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "announcement_receipts",
        sa.Column("announcement_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("delivered_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("first_seen_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_announcement_receipts_announcement_id_announcements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_announcement_receipts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "announcement_id", "member_id", name=op.f("pk_announcement_receipts")
        ),
    )
    with op.batch_alter_table("announcement_receipts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_announcement_receipts_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "meetings",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("facilitator_member_id", sa.Uuid(), nullable=True),
        sa.Column("note_taker_member_id", sa.Uuid(), nullable=True),
        sa.Column("starts_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("rrule", sa.String(length=200), nullable=True, comment="A series' rule."),
        sa.Column(
            "series_id",
            sa.Uuid(),
            nullable=True,
            comment="The first meeting of the series (its own id for the first).",
        ),
        sa.Column(
            "series_starts_at",
            app.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="The series' first start.",
        ),
        sa.Column(
            "state",
            sa.Enum(
                "planned",
                "in_progress",
                "closed",
                name="meeting_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False, comment="Live notes (Markdown)."),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_meetings_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["facilitator_member_id"],
            ["members.id"],
            name=op.f("fk_meetings_facilitator_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["note_taker_member_id"],
            ["members.id"],
            name=op.f("fk_meetings_note_taker_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_meetings_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meetings_calendar", ["workspace_id", "starts_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meetings_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_series_id"), ["series_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_meetings_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "agenda_items",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("presenter_member_id", sa.Uuid(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=False, comment="What was said (Markdown)."),
        sa.Column("linked_subject_type", sa.String(length=32), nullable=True),
        sa.Column("linked_subject_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_agenda_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["presenter_member_id"],
            ["members.id"],
            name=op.f("fk_agenda_items_presenter_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agenda_items_order", ["meeting_id", "position", "id"], unique=False
        )

    op.create_table(
        "meeting_attendees",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column(
            "attendance",
            sa.Enum(
                "invited",
                "present",
                "absent",
                "excused",
                name="meeting_attendance",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_attendees_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_meeting_attendees_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "member_id", name=op.f("pk_meeting_attendees")),
    )
    with op.batch_alter_table("meeting_attendees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendees_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "meeting_outcomes",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("agenda_item_id", sa.Uuid(), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "information",
                "decision",
                "action",
                name="meeting_outcome_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_member_id", sa.Uuid(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "done_at",
            app.models.base.UTCDateTime(timezone=True),
            nullable=True,
            comment="An action that is done.",
        ),
        sa.Column("task_id", sa.Uuid(), nullable=True, comment="The task this action became."),
        sa.Column(
            "carried_from_id",
            sa.Uuid(),
            nullable=True,
            comment="The open action of an earlier meeting this one carries on.",
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_meeting_outcomes_agenda_item_id_agenda_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_meeting_outcomes_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["meeting_outcomes.id"],
            name=op.f("fk_meeting_outcomes_carried_from_id_meeting_outcomes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_outcomes_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_member_id"],
            ["members.id"],
            name=op.f("fk_meeting_outcomes_owner_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_meeting_outcomes_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_outcomes")),
    )
    with op.batch_alter_table("meeting_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_outcomes_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_outcomes_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(
            "ix_meeting_outcomes_decisions",
            ["workspace_id", "kind", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_meeting_outcomes_meeting", ["meeting_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_outcomes_owner_member_id"), ["owner_member_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_outcomes_owner_member_id"))
        batch_op.drop_index("ix_meeting_outcomes_meeting")
        batch_op.drop_index("ix_meeting_outcomes_decisions")
        batch_op.drop_index(batch_op.f("ix_meeting_outcomes_campaign_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_outcomes_agenda_item_id"))

    op.drop_table("meeting_outcomes")
    with op.batch_alter_table("meeting_attendees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendees_member_id"))

    op.drop_table("meeting_attendees")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index("ix_agenda_items_order")

    op.drop_table("agenda_items")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_series_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_campaign_id"))
        batch_op.drop_index("ix_meetings_calendar")

    op.drop_table("meetings")

    with op.batch_alter_table("announcement_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_receipts_member_id"))

    op.drop_table("announcement_receipts")
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcements_workspace_id"))
        batch_op.drop_index("ix_announcements_feed")
        batch_op.drop_index(batch_op.f("ix_announcements_author_member_id"))
        batch_op.drop_index(batch_op.f("ix_announcements_audience_campaign_id"))

    op.drop_table("announcements")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_workspace_id"))
        batch_op.drop_index("ix_notifications_unread")
        batch_op.drop_index("ix_notifications_inbox")

    op.drop_table("notifications")
    op.drop_table("notification_preferences")
    op.drop_table("notification_digests")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_workspace_id"))
        batch_op.drop_index("ix_comments_subject")
        batch_op.drop_index(batch_op.f("ix_comments_parent_id"))
        batch_op.drop_index(batch_op.f("ix_comments_author_member_id"))

    op.drop_table("comments")
