"""PostgreSQL: one LISTEN connection per process feeds the broker.

Every committed activity is a `NOTIFY troupe_activities, '<activity id>'` (see
publish.py). The listener, started by the process's first event stream, reads them in
a thread, looks up the workspaces of a batch of ids in one statement and hands them to
the broker. If the connection drops it reconnects; events in between are lost, which a
client notices by nothing — so on reconnecting every stream is told to resync.
"""

import asyncio
import logging
import threading
import uuid

import psycopg
from fastapi import FastAPI
from sqlalchemy import Engine, select

from app.core.lifecycle import lifecycle_of
from app.live.broker import Broker
from app.live.publish import CHANNEL
from app.models import Activity

log = logging.getLogger("troupe.live")
TASK_NAME = "live-listener"


def conninfo(engine: Engine) -> str:
    """The engine's database as a libpq URL (psycopg's own connection, not the pool's)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


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
            with psycopg.connect(conninfo(engine), autocommit=True) as connection:
                connection.execute(f"LISTEN {CHANNEL}")
                ready.set()
                if not first:
                    broker.resync_all()
                first = False
                pause = 0.5
                _pump(connection, engine, broker, stopping)
        except psycopg.Error:
            log.exception("live listener lost its connection; reconnecting")
            stopping.wait(pause)
            pause = min(pause * 2, 30.0)


def _pump(
    connection: psycopg.Connection, engine: Engine, broker: Broker, stopping: threading.Event
) -> None:
    while not stopping.is_set():
        for notice in connection.notifies(timeout=0.5):
            try:
                activity_id = uuid.UUID(notice.payload)
            except ValueError:
                continue
            broker.publish(workspaces_of(engine, [activity_id]))


def workspaces_of(engine: Engine, ids: list[uuid.UUID]) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """`(workspace_id, activity_id)` of the ids, in one statement."""
    stmt = select(Activity.workspace_id, Activity.id).where(Activity.id.in_(ids))
    with engine.connect() as connection:
        return [
            (row.workspace_id, row.id)
            for row in connection.execute(stmt)
            if row.workspace_id is not None
        ]
