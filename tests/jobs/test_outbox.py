"""The outbox: a message written with a change leaves after commit, at least once, and is
retried on the delivery schedule (5 s, 5 min, 30 min, …) while the receiver is down."""

import itertools
import random
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.core.clock import SettableClock, use_clock
from app.jobs import outbox, runner
from app.jobs.registry import JobRun
from app.models import Job, JobState
from tests.jobs import handlers


def deliver_due(session_factory: sessionmaker[Session], clock: SettableClock) -> runner.Report:
    return runner.run_due_jobs(
        session_factory, clock=clock, kinds=["test.webhook"], rng=random.Random(7)
    )


def test_a_message_of_a_rolled_back_change_is_never_sent(
    session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    """(Not before its commit either: tests/concurrency/test_job_workers.py, own connections.)"""
    with session_factory() as writer:
        outbox.enqueue(writer, kind="test.webhook", payload={"message": "rolled back"})
        writer.rollback()
    with session_factory() as writer:
        outbox.enqueue(writer, kind="test.webhook", payload={"message": "committed"})
        writer.commit()

    report = deliver_due(session_factory, clock)

    assert len(report.done) == 1
    assert [message for message, _ in handlers.DELIVERED] == ["committed"]


def test_a_receiver_that_is_down_gets_the_message_on_the_retry_schedule(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    start = clock.now()
    handlers.RECEIVER_DOWN_UNTIL.append(start + timedelta(minutes=20))
    message = outbox.enqueue(session, kind="test.webhook", payload={"message": "hello"})
    session.commit()

    tries = []
    while not handlers.DELIVERED:
        report = deliver_due(session_factory, clock)
        assert report.ran == 1
        session.expire_all()
        row = session.get_one(Job, message)
        tries.append(clock.now() - start)
        if row.state is JobState.done:
            break
        clock.set(row.run_at)

    # Tries at 0, ~5 s, then ~5 min later, then ~30 min later (±20 % jitter each).
    assert len(tries) == 4
    waits = [later - earlier for earlier, later in itertools.pairwise(tries)]
    for wait, planned in zip(waits, (5, 300, 1800), strict=True):
        assert planned * 0.8 <= wait.total_seconds() <= planned * 1.2
    assert [m for m, _ in handlers.DELIVERED] == ["hello"]
    assert session.get_one(Job, message).attempts == 4


def test_delivery_is_at_least_once_a_crash_after_sending_sends_again(
    session: Session, session_factory: sessionmaker[Session], clock: SettableClock
) -> None:
    message = outbox.enqueue(session, kind="test.webhook", payload={"message": "twice"})
    session.commit()
    with use_clock(clock):
        claimed = runner._claim(session_factory, worker="doomed")
    assert claimed is not None
    handlers.deliver(session, runner_run(claimed, clock))  # sent, then the worker dies

    clock.advance(timedelta(minutes=3))  # the outbox lease (2 min) has expired
    report = deliver_due(session_factory, clock)

    assert report.done == [message]
    assert [m for m, _ in handlers.DELIVERED] == ["twice", "twice"]


def test_only_registered_senders_take_messages(session: Session) -> None:
    with pytest.raises(LookupError):
        outbox.enqueue(session, kind="test.note", payload={})


def runner_run(job: Job, clock: SettableClock) -> JobRun:
    return JobRun(
        id=job.id,
        kind=job.kind,
        payload=dict(job.payload),
        workspace_id=job.workspace_id,
        attempt=job.attempts,
        now=clock.now(),
    )
