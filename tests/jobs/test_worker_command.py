"""`troupe worker` as an operator runs it: it migrates, runs what is due (here the loop's
own periodic housekeeping), and a SIGTERM stops it between jobs with exit code 0."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from app.core.db import create_db_engine, create_session_factory
from app.models import Job, JobState

DEADLINE_SECONDS = 60


def test_the_worker_runs_due_jobs_and_stops_on_sigterm(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'worker.db'}"
    env = {**os.environ, "TROUPE_DATABASE_URL": url, "TROUPE_LOG_LEVEL": "info"}
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "troupe"), "worker", "--poll-seconds", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        done = _wait_for_done_prune(url)
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=DEADLINE_SECONDS)

    assert done, output
    assert worker.returncode == 0, output
    assert "job loop" in output and "stopped" in output  # noqa: PT018


def _wait_for_done_prune(url: str) -> bool:
    """Poll the worker's database (a separate process: there is nothing to step)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if Path(url.removeprefix("sqlite:///")).exists():
            engine = create_db_engine(url)
            try:
                with create_session_factory(engine)() as session:
                    state = session.scalar(select(Job.state).where(Job.kind == "jobs.prune"))
            except Exception:
                state = None
            finally:
                engine.dispose()
            if state is JobState.done:
                return True
        time.sleep(0.2)
    return False
