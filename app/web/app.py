"""The web front end: its routes, and how API failures become pages."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.config import Settings, get_settings
from app.core.i18n import N_, translate
from app.core.middleware import install_middleware
from app.core.problems import http_problem, unhandled_problem
from app.web.client import ApiError, NotSignedIn
from app.web.context import CsrfRejected, build_page, close_http_client, sign_in_url
from app.web.routes import (
    announcements,
    auth,
    campaign_page,
    campaigns,
    choices,
    dashboards,
    deals,
    division,
    exports,
    feed,
    goals,
    home,
    imports,
    inbox,
    live,
    meetings,
    members,
    metric_forms,
    metrics,
    partners,
    raci,
    reports,
    roles,
    settings,
    tasks,
    trainings,
    webhooks,
    work_plans,
)
from app.web.routes import contracts as contract_pages  # money13
from app.web.routes import funding as funding_pages  # money13
from app.web.routes import ip as ip_pages  # money13

logger = logging.getLogger("troupe.web")
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def web_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    modules = (
        auth,
        home,
        members,
        choices,
        roles,
        campaigns,
        campaign_page,
        raci,
        division,
        metric_forms,
        metrics,
        goals,
        dashboards,
        settings,
        feed,
        inbox,
        announcements,
        meetings,
        tasks,
        reports,
        live,
        deals,
        partners,
        work_plans,
        webhooks,
        imports,
        # money13
        contract_pages,
        ip_pages,
        trainings,
        exports,
        funding_pages,
    )
    for module in modules:
        router.include_router(module.router)
    return router


_FRIENDLY = {
    403: N_("You don't have access to do that."),
    404: N_("This page does not exist, or you cannot see it."),
    409: N_("That change conflicts with the current state."),
}


async def _not_signed_in(request: Request, exc: Exception) -> Response:
    page = build_page(request)
    page.session.sign_out()
    return page.redirect(sign_in_url(request.url.path))


async def _api_error(request: Request, exc: Exception) -> Response:
    """An API answer the page did not expect: a friendly page, never a stack trace."""
    assert isinstance(exc, ApiError)
    page = build_page(request)
    status = exc.status if exc.status in _FRIENDLY else 502 if exc.status >= 500 else exc.status
    message = _FRIENDLY.get(exc.status) or N_("Something went wrong. Please try again.")
    return page.render(
        "error.html",
        status_code=status,
        message=translate(message, page.locale),
        detail=exc.detail if exc.status < 500 else "",
    )


async def _csrf_rejected(request: Request, exc: Exception) -> Response:
    page = build_page(request)
    return page.render(
        "error.html",
        status_code=403,
        message=translate(
            N_("Your form expired. Go back, reload the page and try again."), page.locale
        ),
        detail="",
    )


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A bug: API callers get a problem, people get a page; both without a trace."""
    if not _is_page(request):
        return await unhandled_problem(request, exc)
    logger.exception("unhandled error on page %s %s", request.method, request.url.path)
    page = build_page(request)
    return page.render(
        "error.html",
        status_code=500,
        message=translate(N_("Something went wrong. Please try again."), page.locale),
        detail="",
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown pages and wrong methods: a page for people, a problem for programs."""
    assert isinstance(exc, StarletteHTTPException)
    if not _is_page(request):
        return await http_problem(request, exc)
    page = build_page(request)
    message = _FRIENDLY.get(exc.status_code) or N_("Something went wrong. Please try again.")
    return page.render(
        "error.html",
        status_code=exc.status_code,
        message=translate(message, page.locale),
        detail="",
    )


def _is_page(request: Request) -> bool:
    path = request.url.path
    return not path.startswith(
        ("/api/", "/healthz", "/static/", "/docs", "/openapi.json", "/favicon.ico")
    )


async def favicon() -> FileResponse:
    """Browsers ask every site for /favicon.ico; answer it instead of a 404 per page."""
    return FileResponse(
        STATIC_DIR / "favicon.ico",
        media_type="image/x-icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def install_web(app: FastAPI) -> None:
    app.include_router(web_router())
    app.add_api_route("/favicon.ico", favicon, methods=["GET", "HEAD"], include_in_schema=False)
    app.add_exception_handler(NotSignedIn, _not_signed_in)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.add_exception_handler(Exception, _unexpected)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def create_web_app(settings: Settings | None = None) -> FastAPI:
    """The front end alone (`troupe serve --web-only`), talking to the API at TROUPE_API_URL."""
    settings = settings or get_settings()
    if not settings.api_url:
        raise RuntimeError("Set TROUPE_API_URL to the API's address to run the front end alone.")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await close_http_client(app)

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings
    install_middleware(app, settings)
    install_web(app)
    return app
