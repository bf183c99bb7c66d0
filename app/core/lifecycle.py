"""What runs beside the requests in a server process, and how it is told to stop.

On SIGTERM (or Ctrl-C) uvicorn stops accepting connections, lets the requests in flight
finish (at most `TROUPE_GRACEFUL_SHUTDOWN_SECONDS`), and then runs the app's lifespan
shutdown, which calls `Lifecycle.stop()`: it sets `stopping` and waits for the
background tasks started with `Lifecycle.start()` to return.

A background loop checks `stopping` between two pieces of work, so it never abandons one
halfway:

    async def run_jobs(stopping: threading.Event) -> None:
        while not stopping.is_set():
            ran = await run_in_threadpool(run_one_due_job)
            if not ran:
                await sleep_unless_stopping(stopping, seconds=1.0)

    lifecycle_of(app).start("jobs", run_jobs)

`stopping` is a `threading.Event`, so a job running in a worker thread can look at it
too (e.g. between the messages of one batch).
"""

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import FastAPI

logger = logging.getLogger("troupe.lifecycle")

BackgroundTask = Callable[[threading.Event], Coroutine[Any, Any, None]]


class Lifecycle:
    """The background tasks of one app, started in its lifespan and stopped with it."""

    def __init__(self, *, stop_timeout: float = 30.0) -> None:
        self.stopping = threading.Event()
        self.stop_timeout = stop_timeout
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, name: str, task: BackgroundTask) -> asyncio.Task[None]:
        """Run `task(stopping)` on the event loop until it returns or the app stops."""
        if name in self._tasks:
            raise ValueError(f"a background task named {name!r} is already running")
        running = asyncio.get_running_loop().create_task(task(self.stopping), name=name)
        self._tasks[name] = running
        return running

    @property
    def running(self) -> list[str]:
        return [name for name, task in self._tasks.items() if not task.done()]

    async def stop(self) -> None:
        """Ask every task to stop and wait for them; cancel those still running after
        `stop_timeout` seconds. A task that failed is logged, not re-raised."""
        self.stopping.set()
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=self.stop_timeout)
        for task in late:
            logger.warning("background task %s did not stop in time; cancelled", task.get_name())
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for task, result in zip(tasks, results, strict=True):
            if isinstance(result, Exception):
                logger.error("background task %s failed: %r", task.get_name(), result)
        self._tasks.clear()


def lifecycle_of(app: FastAPI) -> Lifecycle:
    """The app's `Lifecycle` (created by `create_app`)."""
    lifecycle: Lifecycle = app.state.lifecycle
    return lifecycle


async def sleep_unless_stopping(stopping: threading.Event, *, seconds: float) -> bool:
    """Wait up to `seconds`, waking early when the app stops; True if it is stopping."""
    step = 0.05
    waited = 0.0
    while waited < seconds and not stopping.is_set():
        await asyncio.sleep(min(step, seconds - waited))
        waited += step
    return stopping.is_set()
