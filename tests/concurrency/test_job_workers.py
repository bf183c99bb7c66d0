"""Workers on a real database, each with its own connections: any number of them run
each job once (FOR UPDATE SKIP LOCKED on PostgreSQL, the write lock on SQLite), and a
job becomes visible to them only when the transaction that queued it commits."""

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SYSTEM_CLOCK
from app.core.db import create_db_engine, create_session_factory
from app.core.migrations import upgrade
from app.jobs import queue, runner
from app.models import Job, JobState
from tests.jobs import handlers

pytestmark = pytest.mark.concurrency
JOBS = 200


@pytest.fixture(scope="module")
def engine(module_database_url: str) -> Iterator[Engine]:
    upgrade(module_database_url)
    engine = create_db_engine(module_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return create_session_factory(engine)


def test_two_workers_run_every_job_exactly_once(factory: sessionmaker[Session]) -> None:
    handlers.RUN_COUNTS.clear()
    with factory() as session:
        ids = [
            queue.enqueue(session, kind="test.count", payload={"batch": "race"})
            for _ in range(JOBS)
        ]
        session.commit()
    reports: dict[str, runner.Report] = {}
    start = threading.Barrier(2)

    def work(name: str) -> None:
        start.wait()
        reports[name] = runner.run_due_jobs(
            factory, clock=SYSTEM_CLOCK, worker_id=name, kinds=["test.count"]
        )

    threads = [threading.Thread(target=work, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert {str(i) for i in ids} == set(handlers.RUN_COUNTS)
    assert set(handlers.RUN_COUNTS.values()) == {1}
    assert len(reports["one"].done) + len(reports["two"].done) == JOBS
    assert reports["one"].done
    assert reports["two"].done
    with factory() as session:
        states = session.execute(
            select(Job.state, func.count()).where(Job.kind == "test.count").group_by(Job.state)
        ).all()
    assert dict(states) == {JobState.done: JOBS}


def test_a_job_is_invisible_to_workers_until_its_transaction_commits(
    factory: sessionmaker[Session],
) -> None:
    with factory() as writer:
        job_id = queue.enqueue(writer, kind="test.count", payload={"batch": "commit"})
        writer.flush()
        before = runner.run_due_jobs(factory, clock=SYSTEM_CLOCK, kinds=["test.count"])
        writer.commit()
    after = runner.run_due_jobs(factory, clock=SYSTEM_CLOCK, kinds=["test.count"])

    assert (before.ran, after.done) == (0, [job_id])
