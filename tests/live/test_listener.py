"""The listener's batch: the rows are read once on its own connection and kept for the
streams before they are woken, so no stream reads them again."""

import asyncio
import uuid

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from app.live.broker import Broker
from app.live.listener import publish_batch
from app.live.rows import ROWS, read_rows
from tests.factories import Caller, created, unique
from tests.sse import in_own_loop


def test_a_batch_is_read_once_kept_for_the_streams_and_then_published(
    owner: Caller, connection: Connection, session_factory: sessionmaker[Session]
) -> None:
    created(owner.post("campaigns", json={"name": unique("Launch"), "kind": "content"}))
    [activity] = owner.get("activities", params={"verb": "campaign.created"}).json()["items"]
    activity_id = uuid.UUID(activity["id"])
    unknown = uuid.uuid4()

    async def scenario() -> tuple[list[uuid.UUID], list[uuid.UUID], int]:
        broker = Broker()
        [row] = read_rows(connection, [activity_id])
        workspace_id = row.workspace_id
        subscription = broker.subscribe(workspace_id=workspace_id, user_id=uuid.uuid4())
        publish_batch(connection, broker, [activity_id, unknown])
        await asyncio.sleep(0)  # the loop runs the hand-over
        loads = ROWS.loads
        rows = await ROWS.get(session_factory, [activity_id])
        return subscription.drain(), [row.id for row in rows], ROWS.loads - loads

    woken, found, loads = in_own_loop(scenario())

    assert woken == [activity_id]  # the unknown id wakes nobody
    assert found == [activity_id]
    assert loads == 0  # the stream found the row the listener had read
