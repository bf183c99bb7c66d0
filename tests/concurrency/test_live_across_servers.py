"""PostgreSQL: a write through one server reaches an event stream held by another.

Two separate `troupe serve` processes on one database: the write's NOTIFY (sent when it
commits) wakes the other process's LISTEN connection, which feeds its streams.
"""

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.db import create_db_engine
from app.core.migrations import upgrade
from app.models.enums import Access
from tests.concurrency.conftest import POSTGRES, Live
from tests.factories import join, unique
from tests.servers import Served, server_environment, troupe_serve
from tests.sse import open_stream

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.skipif(not POSTGRES, reason="LISTEN/NOTIFY is PostgreSQL's"),
]


@pytest.fixture(scope="module")
def two_servers(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Served, Served]]:
    upgrade(module_database_url)
    folder: Path = tmp_path_factory.mktemp("two-servers")
    env = server_environment(module_database_url, TROUPE_RUN_JOBS="false")
    with (
        troupe_serve(module_database_url, folder / "a.log", env=env) as server_a,
        troupe_serve(module_database_url, folder / "b.log", env=env) as server_b,
    ):
        yield server_a, server_b


def test_a_write_through_server_a_reaches_a_stream_on_server_b_within_a_second(
    two_servers: tuple[Served, Served], module_database_url: str
) -> None:
    server_a, server_b = two_servers
    engine = create_db_engine(module_database_url)
    with httpx.Client(base_url=server_a.base_url, timeout=60) as client_a:
        live_a = Live(server_a.base_url, server_a.port, client_a, engine=engine)
        owner = live_a.owner()
        with live_a.session() as session:
            viewer = join(session, owner, Access.viewer)
        path = f"/api/v1/workspaces/{viewer.workspace}/events"
        with open_stream(server_b.base_url, path, token=viewer.token) as stream:
            created = owner.post("campaigns", json={"name": unique("Live"), "kind": "content"})
            assert created.status_code == 201, created.text

            event = stream.next(timeout=1.0)
    engine.dispose()

    assert event.event == "activity"
    assert json.loads(event.data)["subject_id"] == created.json()["id"]
