"""`troupe serve` as a real process (or several, with --workers) on a free local port."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, as a process manager stops it; its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def server_environment(database_url: str, **settings: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("TROUPE_")}
    return {
        **kept,
        "TROUPE_DATABASE_URL": database_url,
        "TROUPE_LOG_LEVEL": "info",  # uvicorn says when each worker has started
        "TROUPE_REQUEST_LOG": "false",
        **settings,
    }


@contextmanager
def troupe_serve(
    database_url: str,
    log: Path,
    *,
    workers: int = 1,
    env: dict[str, str] | None = None,
) -> Iterator[Served]:
    """`python -m app serve --no-migrate` until the block ends (SIGTERM, then kill)."""
    port = free_port()
    command = [sys.executable, "-m", "app", "serve", "--no-migrate", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)],
            cwd=ROOT,
            env=env or server_environment(database_url),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    served = Served(process=process, port=port, log=log)
    try:
        wait_until_started(served, workers)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


STARTED = "Application startup complete."


def wait_until_started(served: Served, workers: int, seconds: float = 300) -> None:
    """Until every worker has started its app and the server answers `/healthz`.

    (Each worker's socket joins the port only once its app has started; on a busy
    machine that can take a minute.)"""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise RuntimeError(f"the server exited: {served.output()}")
        if served.output().count(STARTED) >= workers:
            try:
                if httpx.get(f"{served.base_url}/healthz", timeout=10).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not start in {seconds} s: {served.output()}")
