"""Prometheus metrics of the running server (not the `metrics` domain of metric definitions).

What is measured:

- `troupe_http_requests_total{operation, method, status}` and
  `troupe_http_request_duration_seconds{operation, method, status}`: every HTTP request, labelled
  by its operationId (`members_list`; a page's route name for the web front end;
  `unmatched` when no route answered, so a scan of random paths cannot grow the labels).
- `troupe_db_connections_in_use` / `troupe_db_pool_capacity`: the database pool.
- `troupe_jobs_total{kind, outcome}`, `troupe_job_duration_seconds{kind}` and
  `troupe_jobs_pending{kind}`: the background job loop reports through `observe_job()`
  and `set_pending_jobs_source()` below.

With several worker processes (`troupe serve --workers N`) each process writes its values
to files in `PROMETHEUS_MULTIPROC_DIR` (prometheus-client's multiprocess mode, set up by
`troupe serve`), and a scrape of any process reads them all.

The server answers `GET /metrics` only when `TROUPE_METRICS_ENABLED` is true or
`TROUPE_METRICS_TOKEN` is set (then a bearer token is required); see `app/monitoring.py`.
"""

import os
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, event
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED = "unmatched"

HTTP_REQUESTS = Counter(
    "troupe_http_requests",
    "HTTP requests answered, by operation, method and status code.",
    ["operation", "method", "status"],
)
HTTP_DURATION = Histogram(
    "troupe_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by operation, method and status.",
    ["operation", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
DB_CONNECTIONS_IN_USE = Gauge(
    "troupe_db_connections_in_use",
    "Database connections checked out of the pool right now.",
    multiprocess_mode="livesum",
)
DB_POOL_CAPACITY = Gauge(
    "troupe_db_pool_capacity",
    "Connections the pool hands out at once (size + overflow); 0 when unbounded.",
    multiprocess_mode="livesum",
)
JOBS = Counter("troupe_jobs", "Background jobs run, by kind and outcome.", ["kind", "outcome"])
JOB_DURATION = Histogram(
    "troupe_job_duration_seconds",
    "Time one background job took, by kind.",
    ["kind"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0),
)

_pending_jobs_source: Callable[[], Mapping[str, int]] | None = None


def observe_job(kind: str, outcome: str, seconds: float) -> None:
    """Record one run of a background job.

    `kind` is the job's registered kind (`webhook.deliver`), `outcome` one of a few fixed
    words (`done`, `retry`, `failed`), `seconds` how long the handler ran:
    `observe_job("webhook.deliver", "done", 0.12)`.
    """
    JOBS.labels(kind=kind, outcome=outcome).inc()
    JOB_DURATION.labels(kind=kind).observe(seconds)


def set_pending_jobs_source(source: Callable[[], Mapping[str, int]] | None) -> None:
    """Tell the scrape how to count jobs waiting to run, by kind.

    `source` is called at every scrape (so it should be one small query, e.g. a count
    grouped by kind of the jobs not yet done); its answer is `troupe_jobs_pending{kind}`.
    The count comes from the database, so every process reports the same numbers.
    `None` removes it.
    """
    global _pending_jobs_source
    _pending_jobs_source = source


class _PendingJobsCollector(Collector):
    """`troupe_jobs_pending{kind}`, counted at each scrape (once: see `describe`)."""

    def describe(self) -> Iterable[Metric]:
        """Nothing: a registry then registers it without a trial `collect()` (which would
        run the count once more), and checks no names (they are its own)."""
        return []

    def collect(self) -> Iterable[Metric]:
        source = _pending_jobs_source
        if source is None:
            return []
        family = GaugeMetricFamily(
            "troupe_jobs_pending", "Background jobs waiting to run, by kind.", labels=["kind"]
        )
        for kind, count in sorted(source().items()):
            family.add_metric([kind], count)
        return [family]


# Registered once per process, never per app or per scrape: a second registration
# would be a duplicated time series, and concurrent scrapes would race to add it.
PENDING_JOBS = _PendingJobsCollector()
REGISTRY.register(PENDING_JOBS)


def multiprocess_mode() -> bool:
    """Whether this process writes its values where the other workers' scrapes read them."""
    return bool(os.environ.get(MULTIPROCESS_DIR_VARIABLE))


def exposition() -> bytes:
    """Every metric of every process, in Prometheus' text format."""
    if not multiprocess_mode():
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()  # this scrape's own: the files of every process
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    registry.register(PENDING_JOBS)
    return generate_latest(registry)


def watch_pool(engine: Engine, capacity: int | None) -> None:
    """Count the engine's checked-out connections in `troupe_db_connections_in_use`."""
    DB_POOL_CAPACITY.set(capacity or 0)

    @event.listens_for(engine, "checkout")
    def _checked_out(*_: Any) -> None:
        DB_CONNECTIONS_IN_USE.inc()

    @event.listens_for(engine, "checkin")
    def _checked_in(*_: Any) -> None:
        DB_CONNECTIONS_IN_USE.dec()


def process_exited() -> None:
    """Forget this process's live gauges (called when a worker shuts down)."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def operation_of(scope: Scope) -> str:
    """The operationId of the route that answered: its name (`app.core.openapi.operation_id`),
    which outside the API is the page's function name."""
    return str(getattr(scope.get("route"), "name", None) or UNMATCHED)


class MetricsMiddleware:
    """Counts and times every HTTP request by the route that answered it (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            labels = {
                "operation": operation_of(scope),
                "method": scope.get("method", ""),
                "status": str(status),
            }
            HTTP_REQUESTS.labels(**labels).inc()
            HTTP_DURATION.labels(**labels).observe(time.perf_counter() - started)
