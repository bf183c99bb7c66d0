"""The outbox: messages that must leave the process (webhooks, email), sent after commit.

A feature writes the message in the same transaction as the change that causes it; the
job loop delivers it once that transaction has committed — never for a change that was
rolled back, and at least once for one that was not (retried with backoff and jitter;
a receiver may see a message twice, so messages carry a stable id to deduplicate).

    @outbox.sender("webhook")
    def deliver(session: Session, job: JobRun) -> None:
        ...  # send job.payload; raise to retry, RetryLater(after=…) for Retry-After

    outbox.enqueue(session, kind="webhook", payload={...},
                   dedupe_key=f"{activity.id}:{endpoint.id}")

Messages are rows of the jobs table (kind, payload, attempts, last_error, run_at of the
next try), so one loop and one claim protocol serve both.
"""

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.jobs import queue, registry
from app.jobs.registry import JobRun

# Retries spread over a day: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h.
DELIVERY_BACKOFF = registry.schedule(
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
)
MAX_ATTEMPTS = 12
OUTBOX_KINDS: set[str] = set()


def sender(
    kind: str,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    backoff: registry.Backoff = DELIVERY_BACKOFF,
    lease: timedelta = timedelta(minutes=2),
) -> Callable[[Callable[[Session, JobRun], None]], Callable[[Session, JobRun], None]]:
    """Register the function that delivers outbox messages of `kind`."""
    register = registry.handler(kind, max_attempts=max_attempts, backoff=backoff, lease=lease)

    def add(deliver: Callable[[Session, JobRun], None]) -> Callable[[Session, JobRun], None]:
        OUTBOX_KINDS.add(kind)
        return register(deliver)

    return add


def enqueue(
    session: Session,
    *,
    kind: str,
    payload: dict[str, Any],
    dedupe_key: str | None = None,
    workspace_id: uuid.UUID | None = None,
) -> uuid.UUID | None:
    """Write a message to be sent once this transaction commits (`None`: key already used)."""
    if kind not in OUTBOX_KINDS:
        raise LookupError(f"{kind!r} is not an outbox kind; register it with @outbox.sender")
    return queue.enqueue(
        session, kind=kind, payload=payload, dedupe_key=dedupe_key, workspace_id=workspace_id
    )
