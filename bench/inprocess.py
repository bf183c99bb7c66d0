"""One scenario of the HTTP benchmark in process: where a request's time goes.

Seeds like `python -m bench` (a SQLite file in a temporary folder, or `--pg-url`'s
database dropped and created), builds the app, and sends the scenario's requests through
ASGI (no sockets), one at a time, timing them and counting statements. With `--profile`
the worker-thread trips run inline on the event loop's thread, so that one cProfile sees
the framework, the dependencies, the endpoint and the commit of every request.

    .venv/bin/python -m bench.inprocess --scenario get_campaign --count 2000 --profile
"""

import argparse
import asyncio
import cProfile
import pstats
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
from sqlalchemy import event

from app.core.config import Settings
from app.core.heap import freeze_startup_objects
from app.main import create_app
from bench.common import fresh_database
from bench.load import Request
from bench.scenarios import SCENARIOS
from bench.seed import seed
from bench.sizes import SIZES


async def _inline(func: Callable[..., Any], *args: Any, **_kwargs: Any) -> Any:
    return func(*args)


async def _drive(app: Any, token: str, requests: list[Request]) -> list[tuple[int, float]]:
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    timings = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for request in requests:
            started = time.perf_counter()
            response = await client.request(
                request.method, request.path, content=request.body, headers=headers
            )
            timings.append((response.status_code, time.perf_counter() - started))
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", required=True, choices=SCENARIOS)
    parser.add_argument("--size", default="S", choices=SIZES)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--pg-url", default=None, help="PostgreSQL instead of SQLite")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--statements", action="store_true", help="print one request's SQL")
    parser.add_argument("--dump", default=None, help="write the profile's stats to this file")
    options = parser.parse_args(argv)
    scenario = SCENARIOS[options.scenario]
    with tempfile.TemporaryDirectory() as folder:
        kind = "postgresql" if options.pg_url else "sqlite"
        url = fresh_database(kind, options.pg_url or "", Path(folder))
        warmup = max(10, options.count // 10)
        fixture = seed(
            url,
            SIZES[options.size],
            today=datetime.now(UTC).date(),
            creates=options.count + warmup + 1,
        )
        app = create_app(Settings(database_url=url, run_jobs=False, log_level="warning"))
        freeze_startup_objects()  # as the app's start-up does in a server (no lifespan here)
        statements = [0]
        seen: list[str] = []

        def count(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
            statements[0] += 1
            seen.append(sql)

        event.listen(app.state.engine, "before_cursor_execute", count)
        requests = scenario.build(fixture, warmup + 1 + options.count, 0)
        asyncio.run(_drive(app, fixture.token, requests[:warmup]))
        seen.clear()
        asyncio.run(_drive(app, fixture.token, requests[warmup : warmup + 1]))
        if options.statements:
            print("\n---\n".join(seen))
        if options.profile:
            anyio.to_thread.run_sync = _inline  # type: ignore[assignment]
        statements[0] = 0
        profiler = cProfile.Profile() if options.profile else None
        if profiler:
            profiler.enable()
        started, cpu = time.perf_counter(), time.process_time()
        timings = asyncio.run(_drive(app, fixture.token, requests[warmup + 1 :]))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        if profiler:
            profiler.disable()
        statuses = {status for status, _ in timings}
        durations = sorted(duration for _, duration in timings)
        print(
            f"{scenario.name} {kind} {options.size}: {len(timings)} requests, statuses {statuses},"
            f" {len(timings) / elapsed:.0f} r/s,"
            f" p50 {durations[len(durations) // 2] * 1000:.2f} ms,"
            f" CPU {cpu / len(timings) * 1000:.2f} ms/request,"
            f" {statements[0] / len(timings):.1f} statements/request"
        )
        if profiler:
            if options.dump:
                profiler.dump_stats(options.dump)
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(options.top)
            stats.sort_stats("tottime").print_stats(options.top)
        app.state.engine.dispose()


if __name__ == "__main__":
    main()
