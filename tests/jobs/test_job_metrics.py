"""The job loop reports to Prometheus when metrics are on: runs by kind and outcome, and
the jobs still waiting."""

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from app.jobs import queue, registry, runner
from app.monitoring import pending_jobs
from tests.ops.test_metrics import sample


def test_each_job_run_is_counted_by_kind_and_outcome(
    make_app: Callable[..., FastAPI],
    session: Session,
    session_factory: sessionmaker[Session],
    clock: SettableClock,
) -> None:
    with TestClient(make_app(metrics_enabled=True)) as scraper:
        done = {"kind": "test.note", "outcome": "done"}
        before = sample(scraper.get("/metrics").text, "troupe_jobs_total", **done) or 0.0
        queue.enqueue(session, kind="test.note", payload={"key": "counted"})
        session.commit()
        kinds = [kind for kind in registry.HANDLERS if kind.startswith("test.")]

        report = runner.run_due_jobs(session_factory, clock=clock, kinds=kinds)

        after = sample(scraper.get("/metrics").text, "troupe_jobs_total", **done)
    assert len(report.done) == 1
    assert after == before + 1


def test_jobs_not_yet_done_are_counted_by_kind(session: Session) -> None:
    queue.enqueue(session, kind="test.note", payload={"key": "one"})
    queue.enqueue(session, kind="test.note", payload={"key": "two"})
    session.flush()

    assert pending_jobs(session.connection()).get("test.note") == 2
