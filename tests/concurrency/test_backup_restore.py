"""`troupe backup` of a live server's database, restored into a fresh database.

The backup is taken by the real command (a subprocess) while the server serves: SQLite
through the online backup API, PostgreSQL through pg_dump. The restored database holds
the same rows in every table, the server answers the same from it, and a backup taken
during a stream of writes is a consistent snapshot (a prefix of the writes).
"""

import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url

from app.core.config import Settings
from app.core.db import create_db_engine
from app.main import create_app
from app.models import Base
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.concurrency.conftest import Live
from tests.factories import Caller, created
from tests.servers import ROOT, server_environment

pytestmark = pytest.mark.concurrency


def troupe(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=server_environment(database_url),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def url_of(live: Live) -> str:
    return live.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def fresh_database(live: Live, tmp_path: Path) -> Iterator[str]:
    """An empty database of the live server's kind."""
    source = make_url(url_of(live))
    if source.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"troupe_restored_{uuid.uuid4().hex[:8]}"
    admin = create_engine(source, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield source.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def every_row(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).all()
            ]
            for table in Base.metadata.sorted_tables
        }


def some_work(owner: Caller) -> None:
    campaign = make_campaign(owner, "Script", "Venue")
    role = seeded(owner, "roles", "creator")
    for scope in campaign["scopes"]:
        created(assign(owner, make_member(owner), role, "accountable", campaign, scope))
    created(
        owner.post(
            "datapoints",
            json={
                "items": [
                    {
                        "metric": "content_views",
                        "value": 7,
                        "observed_at": "2026-03-01T08:00:00+08:00",
                    }
                ]
            },
        )
    )


def test_a_backup_of_a_live_database_restores_into_a_fresh_one_with_the_same_data(
    live: Live, owner: Caller, fresh_database: str, tmp_path: Path
) -> None:
    some_work(owner)
    backup = tmp_path / "troupe.backup"

    written = troupe(url_of(live), "backup", str(backup))
    restored = troupe(fresh_database, "restore", str(backup))

    assert written.returncode == 0, written.stderr
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    engine = create_db_engine(fresh_database)
    try:
        copy = every_row(engine)
    finally:
        engine.dispose()
    original = every_row(live.engine)
    assert copy == original
    assert len(copy["assignments"]) >= 2
    assert len(copy["datapoints"]) >= 1
    with TestClient(create_app(Settings(database_url=fresh_database))) as client:
        for path in ("members", "campaigns", "assignments"):
            answer = client.get(owner.url(path), headers=owner.headers)
            assert answer.status_code == 200
            assert answer.json() == owner.get(path).json()


def test_a_backup_during_a_stream_of_writes_is_a_consistent_snapshot(
    live: Live, owner: Caller, fresh_database: str, tmp_path: Path
) -> None:
    names = [f"Snapshot {i:03}" for i in range(60)]
    started = threading.Event()

    def write() -> None:
        for index, name in enumerate(names):
            created(owner.post("members", json={"display_name": name}))
            if index == 10:
                started.set()

    writer = threading.Thread(target=write)
    writer.start()
    started.wait(timeout=120)
    backup = tmp_path / "during.backup"
    written = troupe(url_of(live), "backup", str(backup))
    writer.join()

    assert written.returncode == 0, written.stderr
    assert troupe(fresh_database, "restore", str(backup)).returncode == 0
    engine = create_db_engine(fresh_database)
    try:
        with engine.connect() as connection:
            stored = set(
                connection.scalars(
                    text(
                        "SELECT m.display_name FROM members m JOIN workspaces w "
                        "ON w.id = m.workspace_id WHERE w.slug = :slug "
                        "AND m.display_name LIKE 'Snapshot %'"
                    ),
                    {"slug": owner.workspace},
                )
            )
    finally:
        engine.dispose()
    assert len(stored) >= 11
    assert stored == set(names[: len(stored)])


def test_a_backup_of_a_newer_schema_is_refused_and_the_database_kept(
    live: Live, fresh_database: str, tmp_path: Path
) -> None:
    assert troupe(url_of(live), "backup", str(tmp_path / "now.backup")).returncode == 0
    assert troupe(fresh_database, "restore", str(tmp_path / "now.backup")).returncode == 0
    engine = create_db_engine(fresh_database)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeedbeef'"))
        newer = tmp_path / "newer.backup"
        assert troupe(fresh_database, "backup", str(newer)).returncode == 0
        before = every_row(engine)

        refused = troupe(fresh_database, "restore", str(newer), "--replace")

        assert refused.returncode == 1
        assert "(revision f00dfeedbeef) is newer than this Troupe knows" in refused.stderr
        assert every_row(engine) == before
    finally:
        engine.dispose()
