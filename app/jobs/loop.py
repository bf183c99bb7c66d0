"""The job loop: passes of `run_due_jobs`, a poll apart, until asked to stop.

It runs in a thread of `troupe serve` (started by the app's lifespan unless
`TROUPE_RUN_JOBS=false`) and in the foreground of `troupe worker`. Stopping sets an
event the pass checks between jobs: the job in hand finishes (its lease bounds how
long), no new one starts.
"""

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import Clock
from app.jobs.runner import default_worker_id, run_due_jobs
from app.jobs.wake import WAKE

log = logging.getLogger("troupe.jobs")
MAX_PAUSE_AFTER_ERRORS = 60.0


def run_forever(
    session_factory: sessionmaker[Session],
    *,
    clock: Clock,
    stop: threading.Event,
    poll_seconds: float,
    worker_id: str | None = None,
) -> None:
    worker = worker_id or default_worker_id()
    log.info("job loop %s started (poll every %ss)", worker, poll_seconds)
    pause = poll_seconds
    while not stop.is_set():
        try:
            run_due_jobs(session_factory, clock=clock, worker_id=worker, stop=stop)
            pause = poll_seconds
        except Exception:  # the database may be away for a while: keep trying, slower
            log.exception("job loop pass failed")
            pause = min(MAX_PAUSE_AFTER_ERRORS, max(pause, poll_seconds) * 2)
        if stop.is_set():
            break
        WAKE.wait(timeout=pause)
        WAKE.clear()
    log.info("job loop %s stopped", worker)


@asynccontextmanager
async def in_background(
    session_factory: sessionmaker[Session], *, clock: Clock, poll_seconds: float
) -> AsyncIterator[threading.Event]:
    """Run the loop in a thread while the block runs; on leaving, stop between jobs."""
    stop = threading.Event()
    task = asyncio.create_task(
        asyncio.to_thread(
            run_forever, session_factory, clock=clock, stop=stop, poll_seconds=poll_seconds
        )
    )
    try:
        yield stop
    finally:
        stop.set()
        WAKE.set()
        await task
