"""CORS (off unless TROUPE_CORS_ORIGINS is set), with problem+json refusals."""

from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from app.core.i18n import N_, locale_from_accept_language, translate
from app.core.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as a problem."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        locale = locale_from_accept_language(request_headers.get("accept-language"))
        headers = {
            name: value
            for name, value in response.headers.items()
            if name not in ("content-length", "content-type")
        }
        return JSONResponse(
            {
                "type": PROBLEM_BASE + "cors-refused",
                "title": translate(N_("Bad request"), locale),
                "status": 400,
                "detail": translate(N_("This cross-origin request is not allowed."), locale),
            },
            status_code=400,
            headers=headers,
            media_type=PROBLEM_MEDIA_TYPE,
        )


CORS_ALLOW_HEADERS = (
    "Accept",
    "Accept-Language",
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "If-None-Match",
    "X-Request-ID",
)
CORS_EXPOSE_HEADERS = ("ETag", "Location", "Retry-After", "X-Request-ID", "Idempotent-Replayed")
