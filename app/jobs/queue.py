"""Put jobs in the queue, inside the caller's transaction (they exist once it commits).

    jobs.enqueue(session, kind="reports.escalate", payload={"report_id": str(report.id)},
                 run_at=due_at, dedupe_key=f"escalate:{report.id}:{level}")

A job with a `dedupe_key` is created at most once (a unique constraint, so two processes
cannot both create it); enqueueing it again returns `None`.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core import clock
from app.jobs import registry
from app.jobs.wake import wake_after_commit
from app.models import Job, JobState


def enqueue(
    session: Session,
    *,
    kind: str,
    payload: dict[str, Any] | None = None,
    run_at: datetime | None = None,
    dedupe_key: str | None = None,
    workspace_id: uuid.UUID | None = None,
) -> uuid.UUID | None:
    """Add a job (run at `run_at`, default now); its id, or `None` if the key was taken."""
    handler = registry.get(kind)
    now = clock.now()
    when = run_at or now
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "kind": kind,
        "payload": payload or {},
        "workspace_id": workspace_id,
        "state": JobState.queued,
        "run_at": when,
        "attempts": 0,
        "max_attempts": handler.max_attempts,
        "last_error": "",
        "dedupe_key": dedupe_key,
        "created_at": now,
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(Job).values(**values).on_conflict_do_nothing().returning(Job.id)
    created: uuid.UUID | None = session.scalar(stmt)
    if created is not None and when <= now:
        wake_after_commit(session)
    return created
