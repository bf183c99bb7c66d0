"""PostgreSQL: one connection per process listens, reads and feeds the broker.

Every committed activity is a `NOTIFY troupe_activities, '<activity id>'` (see
publish.py). The listener, started by the process's first event stream, waits for them
in a thread on a connection it keeps (autocommit). For each batch of
notifications that arrives together it reads the activities' rows in one statement on
that same connection (one round trip: no pool checkout, no ping, no BEGIN/ROLLBACK),
primes the process's row cache (app/live/rows.py) with them and only then wakes the
streams, which find the rows there. Notifications that arrive during the read wait in
psycopg's backlog for the next batch. If the connection drops it reconnects; events in
between are lost, which a client notices by nothing — so on reconnecting every stream
is told to resync.
"""

import asyncio
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from fastapi import FastAPI
from sqlalchemy import Connection, Engine

from app.core.lifecycle import lifecycle_of
from app.live.broker import Broker
from app.live.publish import CHANNEL
from app.live.rows import ROWS, read_rows

log = logging.getLogger("troupe.live")
TASK_NAME = "live-listener"


def ensure_listening(app: FastAPI, broker: Broker) -> threading.Event | None:
    """Start the process's listener if the database is PostgreSQL and none runs yet;
    the event is set once it listens (`None` on SQLite: nothing to wait for)."""
    engine: Engine = app.state.engine
    if engine.dialect.name != "postgresql":
        return None
    lifecycle = lifecycle_of(app)
    if TASK_NAME in lifecycle.running:
        ready: threading.Event = app.state.live_listener_ready
        return ready
    ready = threading.Event()
    app.state.live_listener_ready = ready

    async def listen(stopping: threading.Event) -> None:
        await asyncio.to_thread(run, engine, broker, stopping, ready)

    lifecycle.start(TASK_NAME, listen)
    return ready


def run(engine: Engine, broker: Broker, stopping: threading.Event, ready: threading.Event) -> None:
    pause = 0.5
    first = True
    while not stopping.is_set():
        try:
            with listening_connection(engine) as connection:
                ready.set()
                if not first:
                    broker.resync_all()
                first = False
                pause = 0.5
                _pump(connection, broker, stopping)
        except Exception:  # a dropped connection above all; whatever it was, carry on
            log.exception("live listener failed; reconnecting")
            stopping.wait(pause)
            pause = min(pause * 2, 30.0)


@contextmanager
def listening_connection(engine: Engine) -> Iterator[Connection]:
    """A connection kept by the listener while it runs (one of the pool's, held), in
    autocommit, that listens on the channel."""
    with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.exec_driver_sql(f"LISTEN {CHANNEL}")
        yield connection


def _pump(connection: Connection, broker: Broker, stopping: threading.Event) -> None:
    raw = connection.connection.dbapi_connection
    assert isinstance(raw, psycopg.Connection)
    while not stopping.is_set():
        ids: list[uuid.UUID] = []
        # What arrived in one packet (or waited in the backlog) is one batch.
        for notice in raw.notifies(timeout=0.5, stop_after=1):
            try:
                ids.append(uuid.UUID(notice.payload))
            except ValueError:
                continue
        if ids:
            publish_batch(connection, broker, ids)


def publish_batch(connection: Connection, broker: Broker, ids: list[uuid.UUID]) -> None:
    """Read the activities once, keep them for the streams, then wake the streams."""
    rows = [row for row in read_rows(connection, ids) if row.workspace_id is not None]
    ROWS.prime(rows)
    broker.publish([(row.workspace_id, row.id) for row in rows])
