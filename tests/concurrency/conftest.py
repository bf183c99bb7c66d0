"""A real server on a real database for the concurrency and durability tests.

These tests cannot run inside the rolled-back test transaction: concurrent requests need
their own connections and their own commits. Each test module gets a database of its own,
migrated from scratch (a temporary SQLite file, or a scratch PostgreSQL database created
and dropped here when `TROUPE_TEST_DATABASE_URL` points at PostgreSQL).

Every test runs against `create_app()` served by uvicorn on a free local port in a thread
of this process (so a test can reach the app's engine to inject faults). On PostgreSQL
each test runs a second time against `troupe serve --workers 2` (two processes on one
port, with Prometheus' multiprocess metrics on): what must hold across processes
(idempotency keys, If-Match, one accountable per scope, rate limits) is checked there.
"""

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import create_db_engine
from app.core.migrations import upgrade
from app.main import create_app
from app.models import Member
from app.workspaces import service as workspace_service
from app.workspaces.schemas import WorkspaceCreate
from tests.factories import Caller, make_token, make_user, unique
from tests.servers import free_port, server_environment, troupe_serve

T = TypeVar("T")
POSTGRES = os.environ.get("TROUPE_TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "concurrency: concurrent requests against a live server on a real database"
    )


@pytest.fixture(scope="module")
def module_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database for this module only, of the kind the suite runs on."""
    base = os.environ.get("TROUPE_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        path: Path = tmp_path_factory.mktemp("concurrency") / "troupe.db"
        yield f"sqlite:///{path}"
        return
    name = f"troupe_concurrency_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Live:
    """The served app, its address, and a way to set up data straight in its database."""

    base_url: str
    port: int
    client: httpx.Client
    engine: Engine
    app: FastAPI | None = None  # None: served by other processes (`troupe serve --workers 2`)
    metrics_dir: Path | None = None

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def owner(self) -> Caller:
        """A user owning a fresh seeded workspace, calling the live server."""
        with self.session() as session:
            user = make_user(session)
            workspace = workspace_service.create_for_user(
                session,
                user=user,
                workspace_in=WorkspaceCreate(slug=unique("live"), name="Live studio"),
            )
            session.commit()
            member = session.query(Member).filter_by(workspace_id=workspace.id).one()
            token = make_token(session, user)
            session.commit()
            # an httpx.Client to the live server where Caller expects a TestClient (its
            # subclass): a Caller only calls `request` on it
            return Caller(self.client, token, workspace.slug, user.id, member.id)  # type: ignore[arg-type]

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def needs_app_in_this_process(self) -> None:
        if self.app is None:
            pytest.skip("injects a fault into the app's engine: only with the in-process server")


SERVERS = ["in-process", "2-workers"] if POSTGRES else ["in-process"]


@pytest.fixture(scope="module", params=SERVERS)
def live(
    request: pytest.FixtureRequest,
    module_database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Live]:
    upgrade(module_database_url)
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    if request.param == "in-process":
        with served_in_this_process(module_database_url) as (app, port):
            base_url = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base_url, timeout=120, limits=limits) as client:
                yield Live(base_url, port, client, engine=app.state.engine, app=app)
        return
    folder = tmp_path_factory.mktemp("workers")
    metrics_dir = folder / "metrics"
    metrics_dir.mkdir()
    env = server_environment(
        module_database_url,
        TROUPE_METRICS_ENABLED="true",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    engine = create_db_engine(module_database_url)
    with (
        troupe_serve(module_database_url, folder / "server.log", workers=2, env=env) as served,
        httpx.Client(base_url=served.base_url, timeout=120, limits=limits) as client,
    ):
        yield Live(served.base_url, served.port, client, engine=engine, metrics_dir=metrics_dir)
    engine.dispose()


@contextmanager
def served_in_this_process(database_url: str) -> Iterator[tuple[FastAPI, int]]:
    app = create_app(Settings(database_url=database_url))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield app, port
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        app.state.engine.dispose()


def all_at_once(count: int, request: Callable[[int], T]) -> list[T]:
    """Run `request(i)` for i in range(count) on `count` threads released together."""
    barrier = threading.Barrier(count)

    def run(index: int) -> T:
        barrier.wait()
        return request(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def owner(live: Live) -> Caller:
    return live.owner()
