"""Wake this process's job loop when a transaction that queued due work commits.

The loop polls anyway (every `TROUPE_JOBS_POLL_SECONDS`), and other processes find the
job on their next poll; this only spares a freshly queued outbox message the wait.
"""

import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

WAKE = threading.Event()
_PENDING = "jobs_wake_after_commit"


def wake_after_commit(session: Session) -> None:
    session.info[_PENDING] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_PENDING, False):
        WAKE.set()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session, *_: Any) -> None:
    session.info.pop(_PENDING, None)
