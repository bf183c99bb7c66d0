"""Start the real Troupe server and the baseline as subprocesses on free loopback ports."""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
HOOK = ROOT / "bench" / "hook"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def command(kind: str, port: int, workers: int) -> list[str]:
    if kind == "troupe":
        serve = ["serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(port)]
        return [sys.executable, "-m", "app", *serve, "--workers", str(workers)]
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.baseline:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def environment(url: str) -> dict[str, str]:
    """Production-ish settings: warnings only, a real secret, SQL counted per request."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("TROUPE_")}
    return {
        **kept,
        "TROUPE_DATABASE_URL": url,
        "TROUPE_LOG_LEVEL": "warning",
        "TROUPE_SECRET_KEY": secrets.token_hex(32),
        "TROUPE_BENCH_COUNT_SQL": "1",
        "PYTHONPATH": os.pathsep.join((str(HOOK), str(ROOT))),
    }


@contextmanager
def serving(kind: str, url: str, *, workers: int, log: IO[bytes]) -> Iterator[int]:
    """Run `kind` ("troupe" or "baseline") until the block ends; yields its port."""
    port = free_port()
    process = subprocess.Popen(
        command(kind, port, workers),
        cwd=ROOT,
        env=environment(url),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_listening(process, port)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_listening(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}; see its log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after 60 s")
