"""A writing request's transaction is a write transaction from its first statement
(SQLite: `BEGIN IMMEDIATE`) without a separate trip to mark it; a read's is a plain one.
A sync endpoint's reply is checked on the event loop, not in a worker-thread trip more,
and a read ends its transaction in its endpoint's trip."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import event, text

from app.core import transaction
from app.core.db import create_db_engine, create_session_factory
from app.core.routing import add_flat
from app.core.transaction import SessionDep, TransactionalRoute


class Reply(BaseModel):
    value: int


@pytest.fixture
def statements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, list[str]]]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'route.db'}")
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)

    def no_separate_trip(*_args: Any) -> None:
        raise AssertionError("the write transaction was marked in a trip of its own")

    monkeypatch.setattr(transaction, "begin_write", no_separate_trip)
    router = APIRouter(route_class=TransactionalRoute)

    @router.get("/read")
    def read(session: SessionDep) -> int:
        return int(session.execute(text("SELECT 1")).scalar_one())

    @router.get("/model")
    def model(session: SessionDep) -> Reply:
        return Reply(value=int(session.execute(text("SELECT 3")).scalar_one()))

    @router.post("/write")
    def write(session: SessionDep) -> int:
        return int(session.execute(text("SELECT 2")).scalar_one())

    app = FastAPI()
    add_flat(app, prefix="", routers=[router])  # as the API's routes are added
    app.state.session_factory = create_session_factory(engine)
    with TestClient(app) as client:
        yield client, seen
    engine.dispose()


def test_a_write_begins_immediate_and_a_read_deferred(
    statements: tuple[TestClient, list[str]],
) -> None:
    client, seen = statements

    assert client.post("/write").json() == 2
    written = list(seen)
    seen.clear()
    assert client.get("/read").json() == 1

    assert written == ["BEGIN IMMEDIATE", "SELECT 2"]
    assert seen == ["BEGIN", "SELECT 1"]


def test_a_read_takes_one_worker_thread_trip(
    statements: tuple[TestClient, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = statements
    trips: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(func, "__name__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)

    assert client.get("/model").json() == {"value": 3}

    assert len(trips) == 1, trips  # the endpoint and the end of its read transaction

    trips.clear()
    assert client.post("/write").json() == 2
    assert len(trips) == 2, trips  # the endpoint, then the commit once its reply is made
