"""Job handlers for the tests: each records what it did, so a test can count runs."""

import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.jobs import outbox
from app.jobs.registry import GiveUp, JobRun, RetryLater, handler

RUNS: defaultdict[str, list[JobRun]] = defaultdict(list)
# A receiver outside the process: what it got, and until when it is down.
DELIVERED: list[tuple[str, datetime]] = []
RECEIVER_DOWN_UNTIL: list[datetime] = []
FAIL_TIMES: dict[str, int] = {}


def reset() -> None:
    RUNS.clear()
    DELIVERED.clear()
    RECEIVER_DOWN_UNTIL.clear()
    FAIL_TIMES.clear()


@handler("test.note", max_attempts=3, backoff=lambda n: timedelta(minutes=n), jitter=0.1)
def note(session: Session, job: JobRun) -> None:
    RUNS[job.kind].append(job)
    key = str(job.payload.get("key", ""))
    if FAIL_TIMES.get(key, 0) > 0:
        FAIL_TIMES[key] -= 1
        raise RuntimeError(f"flaky {key}")


@handler("test.give_up")
def give_up(session: Session, job: JobRun) -> None:
    RUNS[job.kind].append(job)
    raise GiveUp("the payload names nothing that exists")


@handler("test.retry_later", max_attempts=5)
def retry_later(session: Session, job: JobRun) -> None:
    RUNS[job.kind].append(job)
    if job.attempt == 1:
        raise RetryLater("busy", after=timedelta(seconds=90))


def every_minute(session: Session, job: JobRun) -> None:
    """Registered as periodic only by the tests about periodic jobs (see `periodic_job`)."""
    RUNS[job.kind].append(job)


@outbox.sender("test.webhook")
def deliver(session: Session, job: JobRun) -> None:
    """Send to the receiver: refused while it is down (the loop retries)."""
    if RECEIVER_DOWN_UNTIL and job.now < RECEIVER_DOWN_UNTIL[0]:
        raise ConnectionError("receiver unreachable")
    DELIVERED.append((str(job.payload["message"]), job.now))


COUNT_LOCK = threading.Lock()
RUN_COUNTS: Counter[str] = Counter()
RUN_BY: dict[str, set[str]] = defaultdict(set)


@handler("test.count", max_attempts=1)
def count(session: Session, job: JobRun) -> None:
    """Counts its runs per job (from any thread), and which worker ran it."""
    with COUNT_LOCK:
        RUN_COUNTS[str(job.id)] += 1
        RUN_BY[str(job.payload["batch"])].add(str(job.payload.get("worker", "")))
    time.sleep(0.002)  # a job takes a moment, so the workers overlap
