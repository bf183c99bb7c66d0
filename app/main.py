"""The FastAPI application: the JSON API under /api/v1 (and, later, the web pages)."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from app import docs, health
from app.api import API_PREFIX, DESCRIPTION, TAGS, api_routers
from app.core.clock import SYSTEM_CLOCK, Clock, ClockMiddleware
from app.core.config import Settings, get_settings
from app.core.db import create_db_engine, create_session_factory
from app.core.heap import freeze_startup_objects
from app.core.lifecycle import Lifecycle
from app.core.metrics import process_exited
from app.core.middleware import install_middleware
from app.core.openapi import build_openapi, operation_id
from app.core.problems import install_problem_handlers
from app.core.routing import add_flat
from app.jobs import loop as job_loop
from app.monitoring import install_metrics
from app.web.app import install_web
from app.web.context import close_http_client


def create_app(
    settings: Settings | None = None,
    *,
    session_factory: sessionmaker[Session] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> FastAPI:
    settings = settings or get_settings()
    engine = create_db_engine(settings.database_url, echo=settings.sql_echo)
    lifecycle = Lifecycle(stop_timeout=settings.graceful_shutdown_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as jobs:
            if settings.run_jobs:
                await jobs.enter_async_context(
                    job_loop.in_background(
                        app.state.session_factory,
                        clock=app.state.clock,
                        poll_seconds=settings.jobs_poll_seconds,
                    )
                )
            freeze_startup_objects()
            yield
            # uvicorn runs this after the requests in flight have finished; leaving the
            # block stops the job loop between two jobs.
        await lifecycle.stop()
        await close_http_client(app)
        engine.dispose()
        process_exited()

    app = FastAPI(
        title="Troupe",
        version="0.1.0",
        summary="Division of labour, plans and numbers for creator communities.",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        generate_unique_id_function=operation_id,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.lifecycle = lifecycle
    app.state.session_factory = session_factory or create_session_factory(engine)
    # The pages may send their API calls at once, unless every request shares one database
    # connection (a test's transaction): asked per request, tests swap the factory.
    app.state.api_calls_may_overlap = lambda: (
        not isinstance(app.state.session_factory.kw.get("bind"), Connection)
    )
    app.state.clock = clock
    install_problem_handlers(app)
    install_middleware(app, settings)
    app.add_middleware(ClockMiddleware)
    install_metrics(app, settings, engine)

    add_flat(app, prefix=API_PREFIX, routers=api_routers())
    app.include_router(health.router)
    app.include_router(docs.router)
    install_web(app)
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    return app
