"""A bulk ingest interrupted halfway leaves nothing half-written.

On a live server and a real database, a batch of 10,000 datapoints is broken off at
different points: an invalid item at position 9,999; the client hanging up halfway
through sending it, or right after sending all of it; the database connection dying
halfway through the INSERT (on PostgreSQL the server really terminates the backend; on
SQLite the driver fails the way a full disk does). Every time the workspace ends up with
none of the batch or all of it, never a part, and the same batch sent again afterwards is
stored exactly once.
"""

import json
import socket
import sqlite3
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from tests.concurrency.conftest import Live
from tests.factories import Caller

pytestmark = pytest.mark.concurrency

BATCH = 10_000
START = datetime(2026, 3, 1, tzinfo=UTC)


def batch(count: int = BATCH) -> list[dict[str, Any]]:
    return [
        {
            "metric": "content_views",
            "value": i,
            "observed_at": (START + timedelta(seconds=i)).isoformat(),
            "channel": "bilibili",
        }
        for i in range(count)
    ]


def stored(live: Live, caller: Caller) -> int:
    return int(
        live.scalar(
            "SELECT count(*) FROM datapoints d JOIN workspaces w ON w.id = d.workspace_id "
            "WHERE w.slug = :slug",
            slug=caller.workspace,
        )
    )


def ingest_again_stores_it_once(live: Live, caller: Caller) -> None:
    response = caller.post("datapoints", json={"items": batch()})
    assert response.status_code == 201, response.text
    assert response.json() == {"created": BATCH}
    assert stored(live, caller) == BATCH


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"observed_at": "2026-03-01T20:00:00"}, 422, "observed_at"),  # no offset: schema
        ({"metric": "not_a_metric"}, 422, "metric"),  # unknown key: checked by the service
        ({"campaign_id": "7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928"}, 404, "campaign_id"),
    ],
    ids=["schema", "rule", "reference"],
)
def test_an_invalid_item_at_position_9999_stores_nothing(
    owner: Caller, live: Live, change: dict[str, Any], status: int, field: str
) -> None:
    items = batch()
    items[9_998].update(change)  # the 9,999th item

    response = owner.post("datapoints", json={"items": items})

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["loc"] for e in response.json()["errors"]] == [["body", "items", 9_998, field]]
    assert stored(live, owner) == 0
    ingest_again_stores_it_once(live, owner)


def raw_request(live: Live, caller: Caller, body: bytes) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", live.port))
    head = (
        f"POST {caller.url('datapoints')} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{live.port}\r\n"
        f"Authorization: Bearer {caller.token}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    connection.sendall(head.encode())
    return connection


def kill(connection: socket.socket) -> None:
    """Drop the connection the hard way (RST), as a crashed client or a dead network does."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def only_none_or_all(live: Live, caller: Caller, seconds: float) -> int:
    """Watch the stored count for a while: it is never a part of the batch."""
    deadline = time.monotonic() + seconds
    count = stored(live, caller)
    while time.monotonic() < deadline:
        count = stored(live, caller)
        assert count in {0, BATCH}, f"{count} of {BATCH} datapoints were stored"
        time.sleep(0.05)
    return count


@pytest.mark.parametrize("hang_up", ["close", "reset"])
def test_a_client_hanging_up_halfway_through_the_upload_stores_nothing(
    owner: Caller, live: Live, hang_up: str
) -> None:
    body = json.dumps({"items": batch()}).encode()
    connection = raw_request(live, owner, body)
    connection.sendall(body[: len(body) // 2])
    time.sleep(0.2)  # the server is now reading the body
    if hang_up == "reset":
        kill(connection)
    else:
        connection.close()

    assert only_none_or_all(live, owner, seconds=1.0) == 0
    ingest_again_stores_it_once(live, owner)
    assert only_none_or_all(live, owner, seconds=0.5) == BATCH


def test_a_client_hanging_up_after_sending_everything_gets_all_of_it_stored(
    owner: Caller, live: Live
) -> None:
    """The whole batch arrived: the server stores it all (in one commit) though nobody
    is left to read the answer."""
    body = json.dumps({"items": batch()}).encode()
    connection = raw_request(live, owner, body)
    connection.sendall(body)
    connection.shutdown(socket.SHUT_WR)
    connection.close()

    deadline = time.monotonic() + 20
    while (count := stored(live, owner)) != BATCH:
        assert count == 0, f"{count} of {BATCH} datapoints were stored"
        assert time.monotonic() < deadline, "the batch was never stored"
        time.sleep(0.05)
    assert only_none_or_all(live, owner, seconds=0.5) == BATCH


@contextmanager
def database_dies_halfway_through_the_insert(live: Live) -> Iterator[list[int]]:
    """The first datapoints INSERT sends half its rows, then its connection dies."""
    sent: list[int] = []

    def half_then_die(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
        if sent or not statement.startswith("INSERT INTO datapoints"):
            return False
        half = len(parameters) // 2
        cursor.executemany(statement, parameters[:half])
        sent.append(half)
        if live.engine.dialect.name == "postgresql":
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        raise sqlite3.OperationalError("disk I/O error")

    event.listen(live.engine, "do_executemany", half_then_die)
    try:
        yield sent
    finally:
        event.remove(live.engine, "do_executemany", half_then_die)


def test_a_database_connection_dying_halfway_through_the_insert_stores_nothing(
    owner: Caller, live: Live
) -> None:
    live.needs_app_in_this_process()
    with database_dies_halfway_through_the_insert(live) as sent:
        response = owner.post("datapoints", json={"items": batch()})

    assert sent == [BATCH // 2]
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["connection"] == "close"  # the server hangs up after a 500
    assert "Traceback" not in response.text
    assert stored(live, owner) == 0
    ingest_again_stores_it_once(live, owner)
