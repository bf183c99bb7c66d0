"""Run the server: one process, or several worker processes sharing one socket.

Several workers need PostgreSQL. On SQLite the writers of all processes would queue for
one file lock, and what the app keeps in process (live updates on SQLite, the
background job loop that "one process runs") would split between the workers, so
`troupe serve --workers N` refuses SQLite (see `workers_refusal`).
"""

import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from uvicorn.supervisors import Multiprocess

from app.core.metrics import MULTIPROCESS_DIR_VARIABLE

STARTUP_FAILURE = 3


class _Config(uvicorn.Config):
    def bind_socket(self) -> socket.socket:
        """uvicorn's shared socket for several workers, marked as TCP.

        uvicorn creates it without `IPPROTO_TCP`; asyncio then never sets `TCP_NODELAY`
        on its connections, and a response written in two parts waits ~40 ms for the
        client's delayed ACK on every keep-alive request (bench/README.md).
        """
        sock = super().bind_socket()
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return sock
        return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())


def workers_refusal(database_url: str, workers: int) -> str | None:
    """Why these settings cannot run `workers` processes (None: they can)."""
    if workers > 1 and database_url.startswith("sqlite"):
        return (
            f"--workers {workers} needs PostgreSQL (TROUPE_DATABASE_URL=postgresql+psycopg://…). "
            "On SQLite Troupe runs as one process: live updates and background jobs are "
            "kept in that process. Scale out with PostgreSQL, or use --workers 1."
        )
    return None


@contextmanager
def multiprocess_metrics(enabled: bool) -> Iterator[Path | None]:
    """A fresh folder where the workers' processes write their metrics (if they are on).

    `PROMETHEUS_MULTIPROC_DIR` set by the operator is used (and emptied: values of an
    earlier run would be added to this one's); otherwise a temporary folder is made and
    removed at the end.
    """
    if not enabled:
        yield None
        return
    given = os.environ.get(MULTIPROCESS_DIR_VARIABLE)
    folder = Path(given) if given else Path(tempfile.mkdtemp(prefix="troupe-metrics-"))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROCESS_DIR_VARIABLE] = str(folder)
    try:
        yield folder
    finally:
        if not given:
            os.environ.pop(MULTIPROCESS_DIR_VARIABLE, None)
            shutil.rmtree(folder, ignore_errors=True)


def server_config(
    app: str, *, host: str, port: int, workers: int, log_level: str, graceful_seconds: int
) -> uvicorn.Config:
    """uvicorn's settings for the app factory `app` ("module:function")."""
    return _Config(
        app,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=True,
        access_log=False,  # app.core.middleware logs each request once, as JSON
        timeout_graceful_shutdown=graceful_seconds,
    )


def run_server(config: uvicorn.Config) -> None:
    """Serve until SIGTERM or Ctrl-C.

    On SIGTERM the server stops accepting connections, lets the requests in flight finish
    (at most `graceful_seconds`), then runs the app's lifespan shutdown
    (`app.core.lifecycle`). With several workers the supervisor passes the signal on to
    each of them, after closing its own copy of the listening socket, so that new
    connections are refused at once instead of waiting in a queue nobody reads.
    """
    if config.workers > 1:
        _Supervisor(config, sockets=[config.bind_socket()]).run()
        return
    server = uvicorn.Server(config)
    server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)


class _Supervisor(Multiprocess):
    def terminate_all(self) -> None:
        for sock in self.sockets:
            sock.close()
        super().terminate_all()
