"""A real server on a free port with the demo team, and Debian's Chromium to drive it.

Never `playwright install`: the browser is the system's `/usr/bin/chromium`.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.migrations import upgrade

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A loaded machine (CI shares its cores) can take well over 10 s to start a server.
SERVER_START_SECONDS = 60
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

if not CHROMIUM.exists():
    pytest.skip(
        "Browser tests need Debian's Chromium: apt-get install -y chromium (CI installs it).",
        allow_module_level=True,
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`troupe serve` on a fresh SQLite database with the demo team."""
    database = f"sqlite:///{tmp_path_factory.mktemp('live') / 'troupe.db'}"
    env = {**os.environ, "TROUPE_DATABASE_URL": database, "TROUPE_LOG_LEVEL": "warning"}
    env.pop("TROUPE_TEST_DATABASE_URL", None)
    upgrade(database)
    subprocess.run(
        [sys.executable, "-m", "app", "seed-demo"], env=env, check=True, capture_output=True
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port), "--no-migrate"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start in {SERVER_START_SECONDS} s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
