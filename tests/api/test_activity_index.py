"""The feed's queries read the keyset indexes in order, on both databases: a page costs
the same at any depth (the plan is checked, not timed)."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, text

from app.activity import reads
from app.activity.schemas import ActivityFilters
from app.core.permissions import Actor, WorkspaceContext
from app.models.enums import Access, Locale
from tests.conftest import POSTGRES


def reader(access: Access = Access.viewer) -> WorkspaceContext:
    actor = Actor(user_id=uuid.uuid4(), token_id=uuid.uuid4(), can_write=False, locale=Locale.en)
    return WorkspaceContext(
        actor=actor,
        workspace_id=uuid.uuid4(),
        slug="plan",
        timezone="UTC",
        locale=Locale.en,
        member_id=uuid.uuid4(),
        access=access,
    )


def plan(connection: Connection, filters: ActivityFilters) -> str:
    from app.models import Activity

    window = reads.Window(limit=51) if filters.member_id else None
    stmt = reads.selection(reader(), filters, window).order_by(Activity.id.desc()).limit(51)
    sql = str(stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    if POSTGRES:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        rows = connection.execute(text(f"EXPLAIN {sql}")).scalars().all()
    else:
        rows = [row[-1] for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    return "\n".join(str(row) for row in rows)


def test_the_workspace_feed_reads_its_keyset_index(connection: Connection) -> None:
    found = plan(connection, ActivityFilters())

    assert "ix_activities_feed" in found, found
    assert "TEMP B-TREE" not in found, found  # no sort step (SQLite)
    assert "Sort" not in found, found  # (PostgreSQL)


def test_a_campaign_feed_reads_the_campaigns_index(connection: Connection) -> None:
    found = plan(connection, ActivityFilters(campaign_id=uuid.uuid4()))

    assert "ix_activities_campaign" in found or "ix_activities_feed" in found, found
    assert "TEMP B-TREE" not in found, found
    assert "Sort" not in found, found


def test_a_members_feed_reads_each_of_their_three_indexes_in_order(
    connection: Connection,
) -> None:
    found = plan(connection, ActivityFilters(member_id=uuid.uuid4()))

    for index in ("ix_activities_actor_member", "ix_activities_member", "ix_activities_related"):
        assert index in found, found
    # each part stops after its limit (no sort of the member's whole history); only the
    # union of at most 3 × 51 ids is looked up
    assert "MULTI-INDEX OR" not in found, found
    assert "FOR ORDER BY" not in found, found
    if POSTGRES:
        assert found.count("Limit") >= 4, found
        assert "Seq Scan on activities" not in found, found


def test_a_verb_filter_reads_the_feed_index_in_order(connection: Connection) -> None:
    found = plan(connection, ActivityFilters(verbs=("task.*", "report.submitted")))

    assert "ix_activities_feed" in found, found
    assert "TEMP B-TREE" not in found, found
    assert "Sort" not in found, found


def test_one_subjects_history_reads_the_subjects_index(connection: Connection) -> None:
    found = plan(connection, ActivityFilters(subject_id=uuid.uuid4()))

    assert "ix_activities_subject" in found or "ix_activities_feed" in found, found
    assert "TEMP B-TREE" not in found, found
    assert "Sort" not in found, found


def test_a_time_window_bounds_the_feed_index(connection: Connection) -> None:
    since = datetime(2026, 11, 1, tzinfo=UTC)
    found = plan(connection, ActivityFilters(since=since, until=since + timedelta(days=7)))

    assert "ix_activities_feed" in found, found
    assert "TEMP B-TREE" not in found, found
    assert "Sort" not in found, found
    if not POSTGRES:  # the window is a range of the index, not a filter after it
        assert "ix_activities_feed (workspace_id=? AND id>? AND id<?)" in found, found
