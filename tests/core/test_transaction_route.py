"""A writing request's transaction is a write transaction from its first statement
(SQLite: `BEGIN IMMEDIATE`) without a separate trip to mark it; a read's is a plain one."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, text

from app.core import transaction
from app.core.db import create_db_engine, create_session_factory
from app.core.transaction import SessionDep, TransactionalRoute


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

    @router.post("/write")
    def write(session: SessionDep) -> int:
        return int(session.execute(text("SELECT 2")).scalar_one())

    app = FastAPI()
    app.include_router(router)
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
