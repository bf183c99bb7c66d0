"""Run due jobs, one at a time: claim, run in a transaction, then done, retry or fail.

`run_due_jobs(session_factory, clock=…)` is one pass of the loop: it runs every job that
is due by `clock` and returns what it did, so tests step the loop with a settable clock.

Claiming is one short transaction that marks the job `running` with a lease
(`locked_until`, `locked_by`). On PostgreSQL the candidate row is locked with
`FOR UPDATE SKIP LOCKED`, so concurrent workers each take a different job; on SQLite
the claim runs under the database's single write lock (`BEGIN IMMEDIATE`). The handler
then runs in a second transaction that also sets `done` — only if this worker still
holds the lease — so the job's database effects commit exactly once. A crashed worker's
job is taken again when its lease expires (that run counts as an attempt).
"""

import logging
import random
import socket
import time
import uuid
import weakref
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from threading import Event

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SYSTEM_CLOCK, Clock, use_clock
from app.core.clock import now as clock_now
from app.core.db import begin_write
from app.core.logs import redact
from app.jobs import registry
from app.jobs.queue import enqueue
from app.models import Job, JobState

log = logging.getLogger("troupe.jobs")
# Called after each job with (kind, outcome, seconds): e.g. metrics. Outcomes: done,
# retried, failed.
OBSERVERS: list[Callable[[str, str, float], None]] = []
ERROR_LIMIT = 2000
_RANDOM = random.Random()  # noqa: S311 (jitter, not a secret)
_QUEUED_SLOTS: weakref.WeakKeyDictionary[sessionmaker[Session], dict[str, datetime]] = (
    weakref.WeakKeyDictionary()
)


@dataclass
class Report:
    """What one pass did, job ids by outcome."""

    done: list[uuid.UUID] = field(default_factory=list)
    retried: list[uuid.UUID] = field(default_factory=list)
    failed: list[uuid.UUID] = field(default_factory=list)

    @property
    def ran(self) -> int:
        return len(self.done) + len(self.retried) + len(self.failed)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"


def run_due_jobs(
    session_factory: sessionmaker[Session],
    *,
    clock: Clock = SYSTEM_CLOCK,
    worker_id: str | None = None,
    limit: int | None = None,
    stop: Event | None = None,
    rng: random.Random | None = None,
    kinds: Collection[str] | None = None,
) -> Report:
    """Run jobs due by `clock` until none is left (or `limit` ran, or `stop` is set).

    Periodic jobs whose slot has come are queued first. Stops only between jobs.
    `kinds` limits the pass to those kinds (a test of one feature's jobs).
    """
    registry.load_handlers()
    worker = worker_id or default_worker_id()
    report = Report()
    with use_clock(clock):
        queue_periodic(session_factory, kinds=kinds)
        while limit is None or report.ran < limit:
            if stop is not None and stop.is_set():
                break
            claimed = _claim(session_factory, worker=worker, kinds=kinds)
            if claimed is None:
                break
            _run(session_factory, claimed, worker=worker, report=report, rng=rng or _RANDOM)
    return report


def queue_periodic(
    session_factory: sessionmaker[Session], *, kinds: Collection[str] | None = None
) -> None:
    """Queue this slot's job of every periodic handler (once, whoever asks first).

    A process remembers the slots it queued, so an idle loop does not write every poll.
    """
    now = clock_now()
    queued = _QUEUED_SLOTS.setdefault(session_factory, {})
    due = {
        periodic.kind: _slot_start(now, periodic.every)
        for periodic in registry.PERIODIC.values()
        if (kinds is None or periodic.kind in kinds)
    }
    due = {kind: slot for kind, slot in due.items() if queued.get(kind) != slot}
    if not due:
        return
    with session_factory() as session:
        begin_write(session)
        for kind, slot in due.items():
            enqueue(session, kind=kind, run_at=slot, dedupe_key=f"every:{kind}:{slot.isoformat()}")
        session.commit()
    queued.update(due)


def _slot_start(now: datetime, every: timedelta) -> datetime:
    epoch = datetime(1970, 1, 1, tzinfo=now.tzinfo)
    return epoch + every * ((now - epoch) // every)


def _claim(
    session_factory: sessionmaker[Session], *, worker: str, kinds: Collection[str] | None = None
) -> Job | None:
    now = clock_now()
    due = (
        select(Job.id)
        .where(
            or_(
                and_(Job.state == JobState.queued, Job.run_at <= now),
                and_(Job.state == JobState.running, Job.locked_until <= now),
            )
        )
        .order_by(Job.run_at, Job.id)
        .limit(1)
    )
    if kinds is not None:
        due = due.where(Job.kind.in_(kinds))
    with session_factory() as session:
        # A plain read first: an idle loop never takes SQLite's write lock (or row locks).
        if session.scalar(due) is None:
            return None
        session.rollback()
        begin_write(session)
        if session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        job_id = session.scalar(due)
        if job_id is None:
            return None
        job = session.get_one(Job, job_id)
        handler = registry.HANDLERS.get(job.kind)
        job.state = JobState.running
        job.attempts += 1
        job.locked_by = worker
        job.locked_until = now + (handler.lease if handler else timedelta(minutes=5))
        session.commit()
        return job


def _run(
    session_factory: sessionmaker[Session],
    job: Job,
    *,
    worker: str,
    report: Report,
    rng: random.Random,
) -> None:
    started = time.perf_counter()
    handler = registry.HANDLERS.get(job.kind)
    outcome: str
    try:
        if handler is None:
            raise registry.GiveUp(f"no handler is registered for {job.kind!r}")
        if job.attempts > job.max_attempts:
            raise registry.GiveUp("its last attempt did not finish (the lease expired)")
        run = registry.JobRun(
            id=job.id,
            kind=job.kind,
            payload=dict(job.payload),
            workspace_id=job.workspace_id,
            attempt=job.attempts,
            now=clock_now(),
        )
        with session_factory() as session:
            begin_write(session)
            handler.run(session, run)
            finished = session.execute(
                update(Job)
                .where(Job.id == job.id, Job.locked_by == worker, Job.state == JobState.running)
                .values(
                    state=JobState.done, finished_at=clock_now(), locked_until=None, last_error=""
                )
            )
            if finished.rowcount != 1:  # type: ignore[attr-defined]
                session.rollback()  # another worker took it over: its run counts
                log.warning("job %s (%s) lost its lease; not committed", job.id, job.kind)
                return
            session.commit()
        outcome = "done"
        report.done.append(job.id)
    except Exception as exc:
        outcome = _failed(session_factory, job, exc, handler=handler, worker=worker, rng=rng)
        (report.failed if outcome == "failed" else report.retried).append(job.id)
    seconds = time.perf_counter() - started
    for observe in OBSERVERS:
        observe(job.kind, outcome, seconds)


def _failed(
    session_factory: sessionmaker[Session],
    job: Job,
    exc: Exception,
    *,
    handler: registry.Handler | None,
    worker: str,
    rng: random.Random,
) -> str:
    now = clock_now()
    error = redact(f"{type(exc).__name__}: {exc}")[:ERROR_LIMIT]
    give_up = (
        handler is None or isinstance(exc, registry.GiveUp) or job.attempts >= job.max_attempts
    )
    values: dict[str, object] = {"locked_until": None, "locked_by": None, "last_error": error}
    if give_up:
        values.update(state=JobState.failed, finished_at=now)
        log.error("job %s (%s) failed for good: %s", job.id, job.kind, error)
    else:
        assert handler is not None
        wait = (
            exc.after
            if isinstance(exc, registry.RetryLater) and exc.after is not None
            else handler.backoff(job.attempts) * rng.uniform(1 - handler.jitter, 1 + handler.jitter)
        )
        values.update(state=JobState.queued, run_at=now + wait)
        log.warning("job %s (%s) attempt %s failed: %s", job.id, job.kind, job.attempts, error)
    with session_factory() as session:
        begin_write(session)
        session.execute(
            update(Job).where(Job.id == job.id, Job.locked_by == worker).values(**values)
        )
        session.commit()
    return "failed" if give_up else "retried"
