"""DESIGN §7: clock, activity stream, jobs and outbox.

The activity stream (`activities`) takes over the assignments' history: every row of
`assignment_changes` becomes an `assignment.*` activity (the changed fields only, except
where an assignment's history does not start with its creation), and the table goes.
Downgrading rebuilds it from the activities, with full snapshots.

Revision ID: 2026_11_29_shared_machinery
Revises: 2026_11_29_web_refined
Create Date: 2026-11-29
"""

import secrets
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import app.models.base

revision: str = "2026_11_29_shared_machinery"
down_revision: str | Sequence[str] | None = "2026_11_29_web_refined"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = app.models.base.UTCDateTime(timezone=True)
TRACKED = (
    "member_id",
    "role_id",
    "scope_id",
    "raci",
    "allocation_percent",
    "starts_on",
    "ends_on",
    "status",
    "note",
)
ACTIVITY_INDEXES = {
    "ix_activities_feed": ["workspace_id", "id"],
    "ix_activities_campaign": ["campaign_id", "id"],
    "ix_activities_subject": ["subject_id", "id"],
    "ix_activities_member": ["member_id", "id"],
    "ix_activities_related_member": ["related_member_id", "id"],
    "ix_activities_actor_member": ["actor_member_id", "id"],
    "ix_activities_actor_user": ["actor_user_id", "id"],
}
CHANGE_INDEXES = {
    "ix_assignment_changes_actor_user_id": ["actor_user_id"],
    "ix_assignment_changes_assignment": ["assignment_id", "changed_at"],
    "ix_assignment_changes_campaign": ["campaign_id", "changed_at"],
    "ix_assignment_changes_member": ["member_id", "changed_at"],
    "ix_assignment_changes_previous_member": ["previous_member_id"],
    "ix_assignment_changes_timeline": ["workspace_id", "changed_at", "id"],
    "ix_assignment_changes_workspace_id": ["workspace_id"],
}


def upgrade() -> None:
    _create_activities()
    _create_jobs()
    _copy_changes_to_activities()
    _drop_assignment_changes()


def downgrade() -> None:
    _create_assignment_changes()
    _copy_activities_to_changes()
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_workspace_id"))
        batch_op.drop_index("ix_jobs_due")
    op.drop_table("jobs")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        for name in ACTIVITY_INDEXES:
            batch_op.drop_index(name)
    op.drop_table("activities")


def _create_activities() -> None:
    op.create_table(
        "activities",
        sa.Column(
            "id",
            sa.Uuid(),
            nullable=False,
            comment="Time-ordered (UUIDv7 of occurred_at): the keyset cursor and the SSE event id.",
        ),
        sa.Column(
            "workspace_id",
            sa.Uuid(),
            nullable=True,
            comment="Empty for a user's own account (API tokens, profile).",
        ),
        sa.Column("occurred_at", TIME, nullable=False),
        sa.Column(
            "verb",
            sa.String(length=64),
            nullable=False,
            comment="`subject.action`, e.g. `scope.deleted`.",
        ),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_name", sa.String(length=200), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column(
            "member_id",
            sa.Uuid(),
            nullable=True,
            comment="The member the subject concerns (an assignment's assignee, a member).",
        ),
        sa.Column(
            "related_member_id",
            sa.Uuid(),
            nullable=True,
            comment="Another member concerned (the assignee before a handover).",
        ),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_member_id", sa.Uuid(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column(
            "before",
            JSON,
            nullable=True,
            comment="The changed fields before (all of them for a deletion).",
        ),
        sa.Column(
            "after",
            JSON,
            nullable=True,
            comment="The changed fields after (all set ones for a creation).",
        ),
        sa.Column("reason", sa.Text(), nullable=False, comment="Typed by a person, as typed."),
        sa.Column(
            "reason_code",
            sa.String(length=64),
            nullable=True,
            comment="A reason chosen by the system; translated when shown.",
        ),
        sa.Column("reason_params", JSON, nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_activities_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        for name, columns in ACTIVITY_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def _create_jobs() -> None:
    op.create_table(
        "jobs",
        sa.Column(
            "kind", sa.String(length=64), nullable=False, comment="The registered handler's name."
        ),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "queued",
                "running",
                "done",
                "failed",
                name="job_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("run_at", TIME, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", TIME, nullable=True, comment="The running worker's lease."),
        sa.Column("locked_by", sa.String(length=120), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column(
            "dedupe_key",
            sa.String(length=200),
            nullable=True,
            comment="At most one job with this key, ever (until pruned).",
        ),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("finished_at", TIME, nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_jobs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_jobs_dedupe_key")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_due", ["state", "run_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_workspace_id"), ["workspace_id"], unique=False)


def _create_assignment_changes() -> None:
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
        sa.Column("changed_at", TIME, nullable=False),
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
        for name, columns in CHANGE_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def _drop_assignment_changes() -> None:
    with op.batch_alter_table("assignment_changes", schema=None) as batch_op:
        for name in CHANGE_INDEXES:
            batch_op.drop_index(name)
    op.drop_table("assignment_changes")


_CHANGES = sa.table(
    "assignment_changes",
    sa.column("id", sa.Uuid()),
    sa.column("workspace_id", sa.Uuid()),
    sa.column("assignment_id", sa.Uuid()),
    sa.column("campaign_id", sa.Uuid()),
    sa.column("member_id", sa.Uuid()),
    sa.column("previous_member_id", sa.Uuid()),
    sa.column("action", sa.String()),
    sa.column("changed_at", TIME),
    sa.column("actor_user_id", sa.Uuid()),
    sa.column("actor_member_id", sa.Uuid()),
    sa.column("actor_name", sa.String()),
    sa.column("reason", sa.Text()),
    sa.column("before", JSON),
    sa.column("after", JSON),
    sa.column("changed_fields", JSON),
)
_ACTIVITIES = sa.table(
    "activities",
    sa.column("id", sa.Uuid()),
    sa.column("workspace_id", sa.Uuid()),
    sa.column("occurred_at", TIME),
    sa.column("verb", sa.String()),
    sa.column("subject_type", sa.String()),
    sa.column("subject_id", sa.Uuid()),
    sa.column("subject_name", sa.String()),
    sa.column("campaign_id", sa.Uuid()),
    sa.column("member_id", sa.Uuid()),
    sa.column("related_member_id", sa.Uuid()),
    sa.column("actor_user_id", sa.Uuid()),
    sa.column("actor_member_id", sa.Uuid()),
    sa.column("actor_name", sa.String()),
    sa.column("before", JSON),
    sa.column("after", JSON),
    sa.column("reason", sa.Text()),
    sa.column("reason_code", sa.String()),
    sa.column("reason_params", JSON),
    sa.column("request_id", sa.String()),
)
BATCH = 1000


def _copy_changes_to_activities() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_CHANGES).order_by(_CHANGES.c.assignment_id, _CHANGES.c.changed_at, _CHANGES.c.id)
    )
    started: set[UUID] = set()
    last_ms, sequence = -1, 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        before, after = row.before, row.after
        first = row.assignment_id not in started
        started.add(row.assignment_id)
        if before is not None and after is not None and not first:
            changed = [key for key in {**before, **after} if before.get(key) != after.get(key)]
            before = {key: before.get(key) for key in changed}
            after = {key: after.get(key) for key in changed}
        ms = (row.changed_at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)
        sequence = sequence + 1 if ms == last_ms and sequence < 0xFFF else secrets.randbits(11)
        last_ms = ms
        current = row.after or row.before or {}
        batch.append(
            {
                "id": _uuid7(ms, sequence),
                "workspace_id": row.workspace_id,
                "occurred_at": row.changed_at,
                "verb": f"assignment.{row.action}",
                "subject_type": "assignment",
                "subject_id": row.assignment_id,
                "subject_name": f"{current.get('member_name', '')} · {current.get('role_name', '')}",
                "campaign_id": row.campaign_id,
                "member_id": row.member_id,
                "related_member_id": row.previous_member_id,
                "actor_user_id": row.actor_user_id,
                "actor_member_id": row.actor_member_id,
                "actor_name": row.actor_name,
                "before": before,
                "after": after,
                "reason": row.reason,
                "reason_code": None,
                "reason_params": None,
                "request_id": None,
            }
        )
        if len(batch) >= BATCH:
            connection.execute(_ACTIVITIES.insert(), batch)
            batch = []
    if batch:
        connection.execute(_ACTIVITIES.insert(), batch)


def _uuid7(ms: int, sequence: int) -> UUID:
    value = (ms & (2**48 - 1)) << 80 | 0x7 << 76 | (sequence & 0xFFF) << 64
    return UUID(int=value | 0b10 << 62 | secrets.randbits(62))


def _copy_activities_to_changes() -> None:
    connection = op.get_bind()
    batch: list[dict[str, Any]] = []
    for row, before, after in _replayed(connection):
        action = row.verb.partition(".")[2]
        if before is None:
            changed = [f for f in TRACKED if (after or {}).get(f) not in (None, "")]
        elif after is None:
            changed = []
        else:
            changed = [f for f in TRACKED if f in (row.after or {})]
        batch.append(
            {
                "id": row.id,
                "workspace_id": row.workspace_id,
                "assignment_id": row.subject_id,
                "campaign_id": row.campaign_id,
                "member_id": row.member_id,
                "previous_member_id": row.related_member_id,
                "action": action,
                "changed_at": row.occurred_at,
                "actor_user_id": row.actor_user_id,
                "actor_member_id": row.actor_member_id,
                "actor_name": row.actor_name,
                "reason": row.reason or row.reason_code or "",
                "before": before,
                "after": after,
                "changed_fields": changed,
            }
        )
        if len(batch) >= BATCH:
            connection.execute(_CHANGES.insert(), batch)
            batch = []
    if batch:
        connection.execute(_CHANGES.insert(), batch)


def _replayed(
    connection: sa.Connection,
) -> Iterator[tuple[Any, dict[str, Any] | None, dict[str, Any] | None]]:
    """Each assignment activity with its full before and after (its chain replayed)."""
    rows = connection.execute(
        sa.select(_ACTIVITIES)
        .where(_ACTIVITIES.c.subject_type == "assignment", _ACTIVITIES.c.workspace_id.is_not(None))
        .order_by(_ACTIVITIES.c.subject_id, _ACTIVITIES.c.id)
    )
    subject, state = None, {}
    for row in rows:
        if row.subject_id != subject:
            subject, state = row.subject_id, {}
        before = None if row.before is None else {**state, **row.before}
        after = None if row.after is None else {**(before or state), **row.after}
        state = after or before or state
        yield row, before, after
