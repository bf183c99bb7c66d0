"""The job loop, one pass at a time with a set clock: due jobs run once, failures retry
with backoff and jitter, keys deduplicate, periodic jobs run once per slot, a lost
lease neither loses nor doubles a job's effects, and a stop waits for the job in hand."""

import random
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock
from app.jobs import queue, registry, runner
from app.jobs.registry import JobRun, handler
from app.models import Job, JobState
from tests.jobs import handlers


def step(session_factory: sessionmaker[Session], **options: Any) -> runner.Report:
    """One pass of the loop over the tests' own kinds (not the app's periodic jobs)."""
    kinds = [kind for kind in registry.HANDLERS if kind.startswith("test.")]
    return runner.run_due_jobs(session_factory, kinds=kinds, **options)


def job(session: Session, job_id: object) -> Job:
    session.expire_all()
    found = session.get(Job, job_id)
    assert found is not None
    return found


def test_a_due_job_runs_once_and_is_done(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    job_id = queue.enqueue(session, kind="test.note", payload={"key": "a"})
    session.commit()

    first = step(session_factory, clock=clock)
    second = step(session_factory, clock=clock)

    assert (first.done, second.ran) == ([job_id], 0)
    assert [run.payload for run in handlers.RUNS["test.note"]] == [{"key": "a"}]
    done = job(session, job_id)
    assert (done.state, done.attempts, done.finished_at) == (JobState.done, 1, clock.now())


def test_a_job_waits_for_its_time(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    queue.enqueue(session, kind="test.note", run_at=clock.now() + timedelta(hours=1))
    session.commit()

    assert step(session_factory, clock=clock).ran == 0
    clock.advance(timedelta(minutes=59, seconds=59))
    assert step(session_factory, clock=clock).ran == 0
    clock.advance(timedelta(seconds=1))
    assert len(step(session_factory, clock=clock).done) == 1


def test_a_failing_job_is_retried_with_backoff_and_jitter_then_succeeds(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    handlers.FAIL_TIMES["flaky"] = 2
    job_id = queue.enqueue(session, kind="test.note", payload={"key": "flaky"})
    session.commit()
    started = clock.now()

    first = step(session_factory, clock=clock, rng=random.Random(1))
    retry_at = job(session, job_id).run_at
    clock.set(retry_at - timedelta(seconds=1))
    early = step(session_factory, clock=clock)
    clock.set(retry_at)
    second = step(session_factory, clock=clock, rng=random.Random(2))
    second_retry_at = job(session, job_id).run_at
    clock.set(second_retry_at)
    third = step(session_factory, clock=clock)

    assert (first.retried, early.ran, second.retried, third.done) == (
        [job_id],
        0,
        [job_id],
        [job_id],
    )
    # test.note waits n minutes after the n-th failure, ±10 % jitter.
    assert timedelta(seconds=54) <= retry_at - started <= timedelta(seconds=66)
    assert timedelta(seconds=108) <= second_retry_at - retry_at <= timedelta(seconds=132)
    assert retry_at - started != timedelta(minutes=1)  # jittered, not exact
    done = job(session, job_id)
    assert (done.state, done.attempts, done.last_error) == (JobState.done, 3, "")


def test_a_job_out_of_attempts_fails_with_its_last_error(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    handlers.FAIL_TIMES["broken"] = 99
    job_id = queue.enqueue(session, kind="test.note", payload={"key": "broken"})
    session.commit()

    for _ in range(3):
        step(session_factory, clock=clock)
        clock.advance(timedelta(hours=1))
    later = step(session_factory, clock=clock)

    failed = job(session, job_id)
    assert (failed.state, failed.attempts, later.ran) == (JobState.failed, 3, 0)
    assert failed.last_error == "RuntimeError: flaky broken"
    assert len(handlers.RUNS["test.note"]) == 3


def test_give_up_fails_at_once_and_retry_later_waits_as_asked(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    doomed = queue.enqueue(session, kind="test.give_up")
    patient = queue.enqueue(session, kind="test.retry_later")
    session.commit()

    report = step(session_factory, clock=clock)

    assert (report.failed, report.retried) == ([doomed], [patient])
    assert job(session, doomed).last_error.startswith("GiveUp: the payload")
    assert job(session, patient).run_at == clock.now() + timedelta(seconds=90)
    clock.advance(timedelta(seconds=90))
    assert step(session_factory, clock=clock).done == [patient]


def test_a_dedupe_key_makes_one_job_however_often_it_is_queued(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    first = queue.enqueue(session, kind="test.note", dedupe_key="remind:42")
    again = queue.enqueue(session, kind="test.note", dedupe_key="remind:42")
    session.commit()
    step(session_factory, clock=clock)
    after_done = queue.enqueue(session, kind="test.note", dedupe_key="remind:42")

    assert first is not None
    assert (again, after_done) == (None, None)
    assert len(handlers.RUNS["test.note"]) == 1


def test_an_unknown_kind_cannot_be_queued(session: Session) -> None:
    with pytest.raises(LookupError):
        queue.enqueue(session, kind="test.nobody_handles_this")


def test_a_job_queued_in_a_rolled_back_transaction_never_runs(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    with session_factory() as writer:
        queue.enqueue(writer, kind="test.note")
        writer.rollback()

    assert step(session_factory, clock=clock).ran == 0


def test_a_periodic_job_runs_once_per_slot(
    session: Session,
    session_factory: sessionmaker[Session],
    clock: SettableClock,
    periodic_job: str,
) -> None:
    clock.set(clock.now().replace(second=10))
    first = step(session_factory, clock=clock)
    clock.advance(timedelta(seconds=40))  # same minute
    same_slot = step(session_factory, clock=clock)
    clock.advance(timedelta(seconds=15))  # the next minute
    next_slot = step(session_factory, clock=clock)

    assert (len(first.done), same_slot.ran, len(next_slot.done)) == (1, 0, 1)
    runs = handlers.RUNS[periodic_job]
    assert [run.now.second for run in runs] == [10, 5]
    keys = session.scalars(select(Job.dedupe_key).where(Job.kind == periodic_job)).all()
    assert sorted(keys, key=str) == [  # a job without a key (None) would fail the comparison
        f"every:{periodic_job}:2026-11-30T09:00:00+00:00",
        f"every:{periodic_job}:2026-11-30T09:01:00+00:00",
    ]


WRITES: list[str] = []


@handler("test.write_after_crash", max_attempts=3)
def write_after_crash(session: Session, run: JobRun) -> None:
    WRITES.append(str(run.attempt))


def test_a_job_whose_worker_died_is_taken_again_after_its_lease(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    WRITES.clear()
    job_id = queue.enqueue(session, kind="test.write_after_crash")
    session.commit()
    from app.core.clock import use_clock

    with use_clock(clock):
        claimed = runner._claim(session_factory, worker="crashed")  # claims, never finishes
    assert claimed is not None

    during_lease = step(session_factory, clock=clock, worker_id="other")
    clock.advance(timedelta(minutes=5))
    after_lease = step(session_factory, clock=clock, worker_id="other")

    assert (during_lease.ran, after_lease.done, WRITES) == (0, [job_id], ["2"])
    taken = job(session, job_id)
    assert (taken.state, taken.attempts) == (JobState.done, 2)


def test_a_worker_that_lost_its_lease_does_not_commit_the_job(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    job_id = queue.enqueue(session, kind="test.note")
    session.commit()
    from app.core.clock import use_clock

    with use_clock(clock):
        slow = runner._claim(session_factory, worker="slow")
    assert slow is not None
    clock.advance(timedelta(minutes=6))
    step(session_factory, clock=clock, worker_id="fast")  # takes it over
    report = runner.Report()
    with use_clock(clock):
        runner._run(session_factory, slow, worker="slow", report=report, rng=random.Random())

    assert report.ran == 0  # neither done nor retried by the worker that lost it
    assert job(session, job_id).locked_by == "fast"


STOP = threading.Event()


@handler("test.stop_after_me")
def stop_after_me(session: Session, run: JobRun) -> None:
    STOP.set()  # a shutdown arrives while this job runs


def test_stopping_lets_the_job_in_hand_finish_and_starts_no_other(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    STOP.clear()
    queue.enqueue(session, kind="test.stop_after_me")
    queue.enqueue(session, kind="test.note", run_at=clock.now() + timedelta(seconds=1))
    session.commit()
    clock.advance(timedelta(seconds=1))

    report = step(session_factory, clock=clock, stop=STOP)

    assert (len(report.done), handlers.RUNS["test.note"]) == (1, [])
    remaining = session.scalars(select(Job.kind).where(Job.state == JobState.queued)).all()
    assert remaining == ["test.note"]
