"""No statement asks for rows `IN ()` an empty list: when there is nothing to look up,
the query is skipped (SQLAlchemy renders an empty `IN` as a sub-select that finds nothing)."""

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from app.jobs import runner
from tests.factories import Caller, count_statements, created


def empty_ins(statements: list[str]) -> list[str]:
    """Statements with an empty `IN`: `IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)` on SQLite,
    `IN (SELECT CAST(NULL AS UUID) WHERE 1!=1)` on PostgreSQL."""
    return [s for s in statements if "1!=1" in s.replace(" ", "")]


def test_the_escalation_job_without_schedules_looks_up_nobody(
    owner: Caller,
    clock: SettableClock,
    connection: Connection,
    session_factory: sessionmaker[Session],
) -> None:
    statements = count_statements(connection)

    runner.run_due_jobs(session_factory, clock=clock, kinds=["reports.escalate"])

    assert empty_ins(statements) == []


def test_a_comment_on_an_announcement_nobody_else_can_see_looks_up_nobody(
    owner: Caller, connection: Connection
) -> None:
    body = {"title": "Draft", "audience": {"everyone": True}, "publish_at": "2030-01-01T00:00:00Z"}
    announcement = created(owner.post("announcements", json=body))
    statements = count_statements(connection)

    owner.post(
        "comments",
        json={"subject_type": "announcement", "subject_id": announcement["id"], "body": "Hi"},
    ).raise_for_status()

    assert empty_ins(statements) == []
