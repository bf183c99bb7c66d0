"""`troupe serve`: several workers only on PostgreSQL, TCP_NODELAY on the shared socket,
multiprocess metrics, and the lifecycle that stops background tasks between two jobs."""

import asyncio
import os
import socket
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner, Result

from app import cli
from app.core import serving
from app.core.config import get_settings
from app.core.lifecycle import Lifecycle, lifecycle_of, sleep_unless_stopping
from app.core.metrics import MULTIPROCESS_DIR_VARIABLE
from tests.servers import free_port

runner = CliRunner()
PG_URL = "postgresql+psycopg://troupe@db.invalid:5432/troupe"
T = TypeVar("T")


def in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on a thread of its own: the test's thread may have a loop running
    already (pytest-playwright's sync API leaves one behind)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class Serve:
    """`troupe serve ARGS` with some settings; what it printed and would have run."""

    monkeypatch: pytest.MonkeyPatch
    configs: list[uvicorn.Config] = field(default_factory=list)

    def __call__(self, *args: str, **environment: str) -> Result:
        for name, value in environment.items():
            self.monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        try:
            return runner.invoke(cli.app, ["serve", "--no-migrate", *args])
        finally:
            get_settings.cache_clear()


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Serve:
    recorder = Serve(monkeypatch)
    monkeypatch.setattr(serving, "run_server", recorder.configs.append)
    return recorder


def test_several_workers_on_sqlite_are_refused_with_the_way_out(serve: Serve) -> None:
    result = serve("--workers", "2", TROUPE_DATABASE_URL="sqlite:///./somewhere.db")

    assert result.exit_code == 2
    assert "--workers 2 needs PostgreSQL" in result.output
    assert "--workers 1" in result.output
    assert serve.configs == []


def test_one_worker_on_sqlite_and_several_on_postgresql_are_served(serve: Serve) -> None:
    one = serve(TROUPE_DATABASE_URL="sqlite:///./somewhere.db")
    three = serve(
        "--workers", "3", TROUPE_DATABASE_URL=PG_URL, TROUPE_GRACEFUL_SHUTDOWN_SECONDS="12"
    )

    assert (one.exit_code, three.exit_code) == (0, 0), one.output + three.output
    assert [c.workers for c in serve.configs] == [1, 3]
    assert serve.configs[1].timeout_graceful_shutdown == 12
    assert serve.configs[1].app == "app.main:create_app"


def test_each_worker_gets_a_tcp_socket_of_its_own_on_the_same_port() -> None:
    port = free_port()
    first = serving.listening_socket("127.0.0.1", port, reuse_port=True)
    second = serving.listening_socket("127.0.0.1", port, reuse_port=True)
    try:
        for sock in (first, second):
            assert sock.proto == socket.IPPROTO_TCP  # asyncio then sets TCP_NODELAY
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
            assert sock.getsockname() == ("127.0.0.1", port)
    finally:
        first.close()
        second.close()


def test_several_workers_refuse_a_port_another_program_listens_on() -> None:
    port = free_port()
    taken = serving.listening_socket("127.0.0.1", port, reuse_port=False)
    taken.listen()
    config = serving.server_config(
        "app.main:create_app",
        host="127.0.0.1",
        port=port,
        workers=2,
        log_level="warning",
        graceful_seconds=5,
    )
    try:
        with pytest.raises(OSError, match="in use"):
            serving.run_server(config)
    finally:
        taken.close()


def test_multiprocess_metrics_get_a_fresh_folder_removed_afterwards(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(MULTIPROCESS_DIR_VARIABLE, raising=False)

    with serving.multiprocess_metrics(True) as folder:
        assert folder is not None
        assert os.environ[MULTIPROCESS_DIR_VARIABLE] == str(folder)
        assert folder.is_dir()

    assert not folder.exists()
    assert MULTIPROCESS_DIR_VARIABLE not in os.environ


def test_an_operators_metrics_folder_is_emptied_of_an_earlier_runs_values(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "counter_4242.db").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("kept")
    monkeypatch.setenv(MULTIPROCESS_DIR_VARIABLE, str(tmp_path))

    with serving.multiprocess_metrics(True) as folder:
        assert folder == tmp_path
        assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]

    assert tmp_path.is_dir()


def test_no_metrics_folder_without_metrics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MULTIPROCESS_DIR_VARIABLE, raising=False)

    with serving.multiprocess_metrics(False) as folder:
        assert folder is None
        assert MULTIPROCESS_DIR_VARIABLE not in os.environ


def test_a_background_loop_stops_between_two_jobs() -> None:
    done: list[int] = []
    in_job = threading.Event()
    finish_job = threading.Event()

    async def loop(stopping: threading.Event) -> None:
        while not stopping.is_set():
            in_job.set()
            await asyncio.to_thread(finish_job.wait, 30)  # one job, in a worker thread
            done.append(len(done))
            finish_job.clear()

    async def scenario() -> list[str]:
        lifecycle = Lifecycle(stop_timeout=30)
        lifecycle.start("jobs", loop)
        await asyncio.to_thread(in_job.wait, 30)
        stopping = asyncio.create_task(lifecycle.stop())
        await asyncio.sleep(0)
        assert not stopping.done(), "stop() did not wait for the job in progress"
        finish_job.set()
        await stopping
        return lifecycle.running

    assert in_own_loop(scenario()) == []
    assert done == [0]


def test_a_task_that_ignores_stopping_is_cancelled_after_the_timeout() -> None:
    cancelled = threading.Event()

    async def stubborn(_: threading.Event) -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def scenario() -> None:
        lifecycle = Lifecycle(stop_timeout=0.05)
        lifecycle.start("stubborn", stubborn)
        await asyncio.sleep(0)
        await lifecycle.stop()

    in_own_loop(scenario())
    assert cancelled.is_set()


def test_a_failed_task_does_not_break_the_shutdown_and_names_cannot_repeat() -> None:
    async def broken(_: threading.Event) -> None:
        raise RuntimeError("boom")

    async def scenario() -> None:
        lifecycle = Lifecycle(stop_timeout=1)
        lifecycle.start("broken", broken)
        with pytest.raises(ValueError, match="already running"):
            lifecycle.start("broken", broken)
        await lifecycle.stop()

    in_own_loop(scenario())


def test_sleep_unless_stopping_wakes_when_the_app_stops() -> None:
    stopping = threading.Event()
    stopping.set()

    assert in_own_loop(sleep_unless_stopping(stopping, seconds=3600)) is True
    assert in_own_loop(sleep_unless_stopping(threading.Event(), seconds=0.01)) is False


def test_the_apps_shutdown_stops_its_background_tasks(
    make_app: Callable[..., FastAPI],
) -> None:
    app = make_app()
    seen: list[str] = []

    async def loop(stopping: threading.Event) -> None:
        seen.append("started")
        while not await sleep_unless_stopping(stopping, seconds=0.05):
            pass
        seen.append("stopped")

    async def serve_and_shut_down() -> None:
        async with app.router.lifespan_context(app):
            lifecycle_of(app).start("loop", loop)
            await asyncio.sleep(0.01)
            assert lifecycle_of(app).running == ["loop"]

    in_own_loop(serve_and_shut_down())

    assert seen == ["started", "stopped"]
    assert lifecycle_of(app).stopping.is_set()
