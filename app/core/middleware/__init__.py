"""Pure ASGI middleware around the app: what every request goes through, cheaply.

From the outside in:

1. `RequestContextMiddleware` wraps even Starlette's error middleware, so a 500 gets it
   too: a request id (a sane `X-Request-ID`, or a new one) echoed in the response,
   security headers on every response, and one JSON log line per request. An API call
   the web front end makes in-process (`app.web.transport`) keeps the request id and
   the client address of the page it is made for.
2. CORS, only when `TROUPE_CORS_ORIGINS` is set (off by default).
3. `RequestGuardMiddleware`, before any route: NUL characters in the path or query, and
   bodies that are too large (by `Content-Length` or while streaming), of the wrong media
   type for the API, not UTF-8, or JSON nested too deeply, get a 4xx problem instead of
   reaching the routes (where they would be a 422 at best, a RecursionError or a
   database error at worst). It reads the body once and hands it on.

None of them touches the request's transaction (`app.core.transaction`).
"""

from fastapi import FastAPI
from starlette.types import ASGIApp

from app.core.config import Settings
from app.core.logs import configure_logging
from app.core.middleware.context import RequestContextMiddleware
from app.core.middleware.cors import (
    CORS_ALLOW_HEADERS,
    CORS_EXPOSE_HEADERS,
    ProblemCORSMiddleware,
)
from app.core.middleware.guard import (
    UPLOAD_OVERHEAD_BYTES,
    UPLOAD_TYPES,
    RequestGuardMiddleware,
    form_operations,
    nesting_exceeds,
)

__all__ = ["install_middleware", "nesting_exceeds"]


def install_middleware(app: FastAPI, settings: Settings) -> None:
    configure_logging(settings.log_level)
    app.add_middleware(
        RequestGuardMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_bulk_body_bytes=settings.max_bulk_body_bytes,
        max_json_depth=settings.max_json_depth,
        form_operations=form_operations(app),
        max_upload_body_bytes=settings.max_file_bytes + UPLOAD_OVERHEAD_BYTES,
        upload_operations=form_operations(app, UPLOAD_TYPES),
    )
    if settings.cors_origins:
        app.add_middleware(
            ProblemCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=CORS_ALLOW_HEADERS,
            expose_headers=CORS_EXPOSE_HEADERS,
            allow_credentials=False,
            max_age=600,
        )
    # Outside Starlette's own error middleware, so that 500s get headers and a log line.
    build_stack = app.build_middleware_stack

    def build_with_context() -> ASGIApp:
        return RequestContextMiddleware(build_stack(), log_requests=settings.request_log)

    app.build_middleware_stack = build_with_context  # type: ignore[method-assign]
