"""`GET /metrics` for Prometheus: off unless `TROUPE_METRICS_ENABLED` or `TROUPE_METRICS_TOKEN`.

With a token, a scrape must send `Authorization: Bearer <token>` (Prometheus'
`authorization: {credentials: …}` in its scrape config); anything else gets 401.
Not part of the JSON API, so not in the OpenAPI spec.
"""

import hmac

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import Connection, Engine, func, select
from starlette.concurrency import run_in_threadpool

from app.core.config import Settings
from app.core.db import pool_capacity
from app.core.errors import Unauthorized
from app.core.i18n import N_
from app.core.metrics import (
    MetricsMiddleware,
    exposition,
    observe_job,
    set_pending_jobs_source,
    watch_pool,
)
from app.jobs import runner
from app.models import Job, JobState

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
async def metrics_scrape(request: Request) -> Response:
    token: str | None = request.app.state.settings.metrics_token
    if token and not _bearer_matches(request.headers.get("authorization", ""), token):
        raise Unauthorized(N_("The metrics need the metrics token."))
    # The pending-jobs count may query the database: off the event loop.
    return Response(await run_in_threadpool(exposition), media_type=CONTENT_TYPE_LATEST)


def _bearer_matches(header: str, token: str) -> bool:
    scheme, _, credentials = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        credentials.strip().encode(), token.encode()
    )


def install_metrics(app: FastAPI, settings: Settings, engine: Engine) -> None:
    """Measure every request and serve /metrics, when the settings ask for it."""
    if not settings.metrics_served:
        return
    watch_pool(engine, pool_capacity(engine))
    if observe_job not in runner.OBSERVERS:
        runner.OBSERVERS.append(observe_job)
    set_pending_jobs_source(lambda: _counted_on(engine))
    app.add_middleware(MetricsMiddleware)
    app.include_router(router)


def pending_jobs(connection: Connection) -> dict[str, int]:
    """Jobs not yet finished, by kind: one small grouped count."""
    stmt = (
        select(Job.kind, func.count())
        .where(Job.state.in_((JobState.queued, JobState.running)))
        .group_by(Job.kind)
    )
    counts: dict[str, int] = {}
    for kind, count in connection.execute(stmt):
        counts[kind] = count
    return counts


def _counted_on(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return pending_jobs(connection)
