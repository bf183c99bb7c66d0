"""Migrate one database per test process; every test runs in a transaction rolled back.

Set TROUPE_TEST_DATABASE_URL to run on PostgreSQL; otherwise a SQLite file is used.
Under pytest-xdist (`-n 2`, as `make test` runs) each worker process migrates a database
of its own once: a SQLite file in its own temporary folder, or on PostgreSQL the given
database's name with the worker's id appended (`troupe_ops_gw0`), created if missing.
Tests that share a server (browser, concurrency) are kept on one worker by their
`xdist_group` (see `pytest_collection_modifyitems`).
"""

import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.core.catalogs import compile_catalogs
from app.core.clock import SYSTEM_CLOCK, SettableClock, use_clock
from app.core.config import Settings
from app.core.db import create_db_engine
from app.core.migrations import upgrade
from app.main import create_app
from tests.factories import Caller, make_workspace_owner

POSTGRES = os.environ.get("TROUPE_TEST_DATABASE_URL", "").startswith("postgresql")
# Tests step the job loop themselves (app.jobs.runner.run_due_jobs), with a set clock.
os.environ.setdefault("TROUPE_RUN_JOBS", "false")
# Uploads of the suite (documents of contracts, grants, funding) go to a scratch store.
os.environ.setdefault("TROUPE_FILES_DIR", tempfile.mkdtemp(prefix="troupe-test-files-"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TROUPE_TEST_DATABASE_URL")
    if url:
        return worker_database(url, os.environ.get("PYTEST_XDIST_WORKER"))
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'troupe-test.db'}"


def worker_database(url: str, worker: str | None) -> str:
    """The PostgreSQL database of this xdist worker (`<name>_gw0`), created if missing."""
    if worker is None:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def reset_database(engine: Engine) -> None:
    """Start from an empty database (PostgreSQL keeps state between runs)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


def pytest_configure(config: pytest.Config) -> None:
    """Tests read translations as the installed app does: from compiled catalogs.

    Compiled once, by the process that starts the run (not by each xdist worker, which
    could read the file while another rewrites it).
    """
    if not hasattr(config, "workerinput"):
        compile_catalogs()


SHARED_SERVER_GROUPS = {"browser": "browser", "concurrency": "concurrency"}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep the tests of one server (a session's or a module's) on one xdist worker."""
    for item in items:
        folder = item.path.parent.name
        if folder in SHARED_SERVER_GROUPS:
            item.add_marker(pytest.mark.xdist_group(SHARED_SERVER_GROUPS[folder]))


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    reset_database(engine)
    upgrade(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session


@pytest.fixture(scope="session")
def app() -> FastAPI:
    return create_app()


@pytest.fixture
def make_app(database_url: str, session_factory: sessionmaker[Session]) -> Callable[..., FastAPI]:
    """An app with other settings, in the test's transaction like `client`'s."""

    def make(**settings: Any) -> FastAPI:
        return create_app(
            Settings(database_url=database_url, **settings), session_factory=session_factory
        )

    return make


@pytest.fixture
def clock(app: FastAPI) -> Iterator[SettableClock]:
    """A clock standing at Monday 2026-11-30 09:00 UTC until the test sets or advances it.

    Requests, services called directly and jobs run with `run_due_jobs(clock=clock)` all
    see it: set "now" instead of sleeping.
    """
    clock = SettableClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    app.state.clock = clock
    with use_clock(clock):
        yield clock
    app.state.clock = SYSTEM_CLOCK


@pytest.fixture
def client(app: FastAPI, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app.state.session_factory = session_factory
    with TestClient(app) as client:
        yield client


@pytest.fixture
def owner(client: TestClient, session: Session) -> Caller:
    """A user who owns a fresh workspace seeded with the guide's templates."""
    return make_workspace_owner(client, session)


@pytest.fixture
def outsider(client: TestClient, session: Session) -> Caller:
    """Someone with a workspace of their own and no access to `owner`'s."""
    return make_workspace_owner(client, session)
