"""Run the server: one process, or several worker processes on one port.

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


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A TCP socket bound to (host, port), created as `IPPROTO_TCP` so that asyncio sets
    `TCP_NODELAY` on its connections (uvicorn's own shared socket lacks it, and a response
    written in two parts then waits ~40 ms for the client's delayed ACK)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


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
    return uvicorn.Config(
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
    each of them.
    """
    if config.workers > 1:
        _Supervisor(config).run()
        return
    server = uvicorn.Server(config)
    server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)


class _Supervisor(Multiprocess):
    """uvicorn's supervisor, but each worker listens on a socket of its own.

    With one shared socket, the worker that wakes first accepts every connection waiting
    (asyncio accepts up to the backlog at once), so a client or proxy that opens its
    keep-alive connections together puts them all on one worker, and the others idle
    (measured: 8 connections, every batch on one of two workers). With `SO_REUSEPORT`
    each worker has its own socket on the same port and the kernel spreads new
    connections over them.

    uvicorn hands `self.sockets` to each worker it starts (also when it replaces one), so
    every read of it makes a new socket; the supervisor's copy is closed once the worker
    has its own.
    """

    def __init__(self, config: uvicorn.Config) -> None:
        self._handed: list[socket.socket] = []
        probe = listening_socket(config.host, config.port, reuse_port=False)  # port in use?
        probe.close()
        super().__init__(config, sockets=[])

    @property
    def sockets(self) -> list[socket.socket]:
        sock = listening_socket(self.config.host, self.config.port, reuse_port=True)
        self._handed.append(sock)
        return [sock]

    @sockets.setter
    def sockets(self, _: list[socket.socket]) -> None:
        """uvicorn's constructor sets the shared sockets; there are none."""

    def _close_handed(self) -> None:
        while self._handed:
            self._handed.pop().close()

    def init_processes(self) -> None:
        super().init_processes()
        self._close_handed()

    def restart_all(self) -> None:
        super().restart_all()
        self._close_handed()

    def keep_subprocess_alive(self) -> None:
        super().keep_subprocess_alive()
        self._close_handed()
