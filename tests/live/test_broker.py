"""The broker: bounded queues per stream, a slow one told to resync, leases released."""

import asyncio
import uuid

import pytest

from app.live.broker import WAKE_UP, Broker, TooManyStreams

WORKSPACE = uuid.uuid4()


def ids(count: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(count)]


def test_a_subscriber_gets_its_workspace_s_ids_and_no_other() -> None:
    async def scenario() -> list[uuid.UUID]:
        broker = Broker()
        subscription = broker.subscribe(workspace_id=WORKSPACE, user_id=uuid.uuid4())
        mine, theirs = ids(2), ids(1)
        broker.publish([(WORKSPACE, mine[0]), (uuid.uuid4(), theirs[0]), (WORKSPACE, mine[1])])
        await asyncio.sleep(0)  # the loop runs the hand-over
        assert subscription.drain() == mine
        return mine

    asyncio.run(scenario())


def test_a_slow_subscriber_s_full_queue_is_dropped_and_it_is_woken_to_resync() -> None:
    async def scenario() -> None:
        broker = Broker(queue_size=3)
        slow = broker.subscribe(workspace_id=WORKSPACE, user_id=uuid.uuid4())
        broker.publish([(WORKSPACE, activity_id) for activity_id in ids(10)])
        await asyncio.sleep(0)

        assert slow.overflowed
        assert slow.drain() == [WAKE_UP]  # nothing kept beyond the bound

    asyncio.run(scenario())


def test_streams_per_user_are_capped_and_released() -> None:
    async def scenario() -> None:
        broker = Broker(max_streams_per_user=2)
        user = uuid.uuid4()
        first = broker.subscribe(workspace_id=WORKSPACE, user_id=user)
        broker.subscribe(workspace_id=WORKSPACE, user_id=user)
        with pytest.raises(TooManyStreams):
            broker.subscribe(workspace_id=WORKSPACE, user_id=user)
        broker.subscribe(workspace_id=WORKSPACE, user_id=uuid.uuid4())  # someone else may

        broker.unsubscribe(first)
        broker.unsubscribe(first)  # twice is harmless

        broker.subscribe(workspace_id=WORKSPACE, user_id=user)
        assert broker.subscriber_count == 3

    asyncio.run(scenario())


def test_a_listener_reconnect_tells_every_stream_to_resync() -> None:
    async def scenario() -> None:
        broker = Broker()
        streams = [broker.subscribe(workspace_id=uuid.uuid4(), user_id=uuid.uuid4()) for _ in "ab"]
        broker.resync_all()
        await asyncio.sleep(0)

        assert all(stream.overflowed for stream in streams)

    asyncio.run(scenario())
