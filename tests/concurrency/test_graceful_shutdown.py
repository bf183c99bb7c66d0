"""SIGTERM while a request is in flight: the request finishes, then the server exits.

`troupe serve` (one process; on PostgreSQL also `--workers 2`) gets SIGTERM while a
client is halfway through sending a POST. The server stops accepting connections at
once, but the request in flight is read to its end, answered (201) and committed; then
the process exits (uvicorn ends with the signal's own exit status once it is done).
"""

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from app.core.db import create_db_engine
from app.core.migrations import upgrade
from tests.concurrency.conftest import POSTGRES
from tests.servers import ROOT, Served, server_environment, troupe_serve

pytestmark = pytest.mark.concurrency

EMAIL, PASSWORD = "lead@example.com", "graceful shutdown"


def sign_in(served: Served) -> str:
    answer = httpx.post(
        f"{served.base_url}/api/v1/auth/token",
        data={"username": EMAIL, "password": PASSWORD},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def refuses_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


def read_response(connection: socket.socket) -> tuple[int, dict[str, object]]:
    data = b""
    while chunk := connection.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


@pytest.mark.parametrize("workers", [1, 2] if POSTGRES else [1])
def test_a_request_in_flight_when_sigterm_arrives_completes(
    module_database_url: str, tmp_path: Path, workers: int
) -> None:
    upgrade(module_database_url)
    env = server_environment(module_database_url)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "create-admin",
            "--email",
            EMAIL,
            "--password",
            PASSWORD,
            "--workspace",
            f"graceful-{workers}",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    name = f"Finished after SIGTERM ({workers})"
    body = json.dumps({"display_name": name}).encode()

    with troupe_serve(module_database_url, tmp_path / "server.log", workers=workers) as served:
        head = (
            f"POST /api/v1/workspaces/graceful-{workers}/members HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{served.port}\r\nAuthorization: Bearer {sign_in(served)}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        connection = socket.create_connection(("127.0.0.1", served.port))
        connection.sendall(head + body[:10])
        time.sleep(0.5)  # the server has the headers and waits for the rest of the body

        served.process.terminate()
        deadline = time.monotonic() + 10
        while not refuses_connections(served.port):
            assert time.monotonic() < deadline, "still accepting connections after SIGTERM"
            time.sleep(0.1)
        assert served.process.poll() is None, "exited with a request in flight"
        connection.sendall(body[10:])
        status, answer = read_response(connection)
        connection.close()
        exit_code = served.process.wait(timeout=30)

    assert status == 201, answer
    assert answer["display_name"] == name
    # uvicorn re-raises the SIGTERM it handled once it is done: the conventional exit.
    assert exit_code in (0, -signal.SIGTERM), served.output()
    assert "Traceback" not in served.output()
    engine = create_db_engine(module_database_url)
    try:
        with engine.connect() as db:
            stored = db.scalar(
                text("SELECT count(*) FROM members WHERE display_name = :n"), {"n": name}
            )
    finally:
        engine.dispose()
    assert stored == 1
