"""The handlers of background jobs: kind -> function, how to retry, and periodic schedules.

    @handler("reports.escalate", max_attempts=5)
    def escalate(session: Session, job: JobRun) -> None: ...

    @periodic("tasks.overdue_scan", every=timedelta(minutes=1))
    def overdue_scan(session: Session, job: JobRun) -> None: ...

A handler runs in its own transaction, committed together with the job's `done`; it must
be idempotent (it may run again after a crash or a lost lease) and derive states from
stored facts and `job.now` (or `clock.now()`), so a late run only delays, never corrupts.
Raise `RetryLater` to be retried at a given time (a `Retry-After`), `GiveUp` to fail
without retrying; any other exception is retried with backoff until `max_attempts`.
The module that defines handlers must be imported by the process that runs jobs: add it
to `HANDLER_MODULES`.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

# Imported by every process that runs jobs (`troupe serve`, `troupe worker`), so that all
# handlers are registered there. Feature packages add their jobs module here.
HANDLER_MODULES: tuple[str, ...] = (
    "app.jobs.builtin",
    "app.work_plans.jobs",
    "app.reports.jobs",
    "app.announcements.jobs",
    "app.notifications.jobs",
    "app.webhooks.delivery",
    "app.funding.jobs",
    "app.contracts.jobs",
    "app.imports.jobs",
)


@dataclass(frozen=True)
class JobRun:
    """What a handler is told about the job it runs."""

    id: uuid.UUID
    kind: str
    payload: dict[str, Any]
    workspace_id: uuid.UUID | None
    attempt: int  # 1 on the first run
    now: datetime  # by the loop's clock, when the job was claimed


Backoff = Callable[[int], timedelta]  # failed attempts so far (1, 2, …) -> the wait


def exponential(
    base: timedelta = timedelta(seconds=10), cap: timedelta = timedelta(hours=1)
) -> Backoff:
    """base, 2×base, 4×base, … at most `cap`."""

    def wait(failures: int) -> timedelta:
        doubled: timedelta = base * 2 ** min(max(failures - 1, 0), 30)
        return min(cap, doubled)

    return wait


def schedule(*delays: timedelta) -> Backoff:
    """The given waits in turn, then the last one again."""
    if not delays:
        raise ValueError("a retry schedule needs at least one delay")

    def wait(failures: int) -> timedelta:
        return delays[min(max(failures, 1), len(delays)) - 1]

    return wait


@dataclass(frozen=True)
class Handler:
    kind: str
    run: Callable[[Session, JobRun], None]
    max_attempts: int
    backoff: Backoff
    jitter: float  # each wait is multiplied by a random factor in [1 - jitter, 1 + jitter]
    lease: timedelta  # how long a worker may hold the job before others may take it


@dataclass(frozen=True)
class Periodic:
    kind: str
    every: timedelta


HANDLERS: dict[str, Handler] = {}
PERIODIC: dict[str, Periodic] = {}


class RetryLater(Exception):
    """Run the job again at `at` (or after `after`); counts as a failed attempt."""

    def __init__(self, message: str = "", *, after: timedelta | None = None) -> None:
        super().__init__(message or "retry requested")
        self.after = after


class GiveUp(Exception):
    """The job cannot succeed (bad payload, gone for good): fail it without retrying."""


def handler(
    kind: str,
    *,
    max_attempts: int = 10,
    backoff: Backoff | None = None,
    jitter: float = 0.2,
    lease: timedelta = timedelta(minutes=5),
) -> Callable[[Callable[[Session, JobRun], None]], Callable[[Session, JobRun], None]]:
    """Register the decorated function as the handler of jobs of `kind`."""
    if not 0 <= jitter < 1:
        raise ValueError("jitter is a fraction below 1")

    def register(run: Callable[[Session, JobRun], None]) -> Callable[[Session, JobRun], None]:
        if kind in HANDLERS and HANDLERS[kind].run is not run:
            raise ValueError(f"a handler for {kind!r} is already registered")
        HANDLERS[kind] = Handler(
            kind=kind,
            run=run,
            max_attempts=max_attempts,
            backoff=backoff or exponential(),
            jitter=jitter,
            lease=lease,
        )
        return run

    return register


def periodic(
    kind: str, *, every: timedelta, max_attempts: int = 3, lease: timedelta = timedelta(minutes=5)
) -> Callable[[Callable[[Session, JobRun], None]], Callable[[Session, JobRun], None]]:
    """Register a handler and run it once per `every` (slots aligned to the epoch).

    One job per slot, whatever the number of workers (its dedupe key names the slot); a
    slot missed while nothing ran is skipped, so the handler must look at what is due
    now, not only at what is new since its last run.
    """
    if every < timedelta(seconds=1):
        raise ValueError("a periodic job runs at most once a second")
    register = handler(kind, max_attempts=max_attempts, lease=lease)

    def add(run: Callable[[Session, JobRun], None]) -> Callable[[Session, JobRun], None]:
        PERIODIC[kind] = Periodic(kind=kind, every=every)
        return register(run)

    return add


def get(kind: str) -> Handler:
    try:
        return HANDLERS[kind]
    except KeyError:
        raise LookupError(f"no job handler is registered for {kind!r}") from None


def load_handlers(modules: Sequence[str] = HANDLER_MODULES) -> None:
    """Import the modules that register handlers (once per process; cheap afterwards)."""
    import importlib

    for name in modules:
        importlib.import_module(name)
