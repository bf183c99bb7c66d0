"""Pure ASGI middleware around the app: what every request goes through, cheaply.

From the outside in:

1. `RequestContextMiddleware` wraps even Starlette's error middleware, so a 500 gets it
   too: a request id (a sane `X-Request-ID`, or a new one) echoed in the response,
   security headers on every response, and one JSON log line per request. An API call
   the web front end makes in-process (`httpx.ASGITransport`) keeps the request id and
   the client address of the page it is made for.
2. CORS, only when `TROUPE_CORS_ORIGINS` is set (off by default).
3. `RequestGuardMiddleware`, before any route: NUL characters in the path or query, and
   bodies that are too large (by `Content-Length` or while streaming), of the wrong media
   type for the API, not UTF-8, or JSON nested too deeply, get a 4xx problem instead of
   reaching the routes (where they would be a 422 at best, a RecursionError or a
   database error at worst). It reads the body once and hands it on.

None of them touches the request's transaction (`app.core.transaction`).
"""

import logging
import re
import time
import urllib.parse
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings
from app.core.i18n import N_, locale_from_accept_language, translate
from app.core.logs import (
    CLIENT_ADDRESS,
    REQUEST_ID,
    SENSITIVE_QUERY_KEYS,
    configure_logging,
    redact,
)
from app.core.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE, problem_response, request_locale

access_log = logging.getLogger("troupe.access")

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        # Inline style attributes (meters' widths) are harmless; inline scripts are not.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
REQUEST_ID_HEADER = b"x-request-id"
_SANE_REQUEST_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, log_requests: bool = True) -> None:
        self.app = app
        self.log_requests = log_requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        context = REQUEST_ID.set(request_id)
        client = scope.get("client")
        address = CLIENT_ADDRESS.get() or (client[0] if client else None)
        address_context = CLIENT_ADDRESS.set(address)
        started = time.perf_counter()
        status = 500
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = _with_headers(message.get("headers", ()), request_id, https)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            if self.log_requests:
                _log_request(scope, status, started, request_id, address)
            CLIENT_ADDRESS.reset(address_context)
            REQUEST_ID.reset(context)


def _request_id(scope: Scope) -> str:
    """The caller's sane `X-Request-ID`; else the id of the request this one is made for
    (the web front end calls the API in-process); else a new one."""
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            if _SANE_REQUEST_ID.fullmatch(value):
                return str(value.decode("ascii"))
            break
    return REQUEST_ID.get() or uuid.uuid4().hex


def _with_headers(headers: Any, request_id: str, https: bool) -> list[tuple[bytes, bytes]]:
    result = list(headers)
    present = {name.lower() for name, _ in result}
    result.extend(header for header in SECURITY_HEADERS if header[0] not in present)
    if https and HSTS[0] not in present:
        result.append(HSTS)
    if REQUEST_ID_HEADER not in present:
        result.append((REQUEST_ID_HEADER, request_id.encode("ascii")))
    return result


def _log_request(
    scope: Scope, status: int, started: float, request_id: str, address: str | None
) -> None:
    state = scope.get("state")
    user_id = state.get("user_id") if isinstance(state, dict) else None
    path = redact(scope.get("path", ""))
    fields: dict[str, Any] = {
        "method": scope.get("method"),
        "path": path,
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        "request_id": request_id,
        "user_id": user_id,
        "client": address,
    }
    if query := scope.get("query_string"):
        fields["query"] = _safe_query(query)
    access_log.info("%s %s %s", fields["method"], path, status, extra={"fields": fields})


def _safe_query(query: bytes) -> str:
    pairs = urllib.parse.parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    safe = [(k, "[redacted]" if k.lower() in SENSITIVE_QUERY_KEYS else v) for k, v in pairs]
    return redact(urllib.parse.urlencode(safe))


# --- bodies, media types and characters --------------------------------------------------

JSON_TYPES = ("application/json",)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Endpoints that take large bodies (bulk ingest: 10,000 datapoints at once).
BULK_ENDPOINTS = (("POST", re.compile(r"/api/v1/workspaces/[^/]+/datapoints")),)

_STRING = re.compile(rb'"[^"]*"')
_DEPTH_STEP = np.zeros(256, dtype=np.int8)
_DEPTH_STEP[list(b"[{")] = 1
_DEPTH_STEP[list(b"]}")] = -1
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class Refusal(Exception):
    def __init__(
        self,
        status: int,
        problem_type: str,
        title: str,
        message: str,
        **params: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.problem_type = problem_type
        self.title = title
        self.message = message
        self.params = params

    def response(self, scope: Scope) -> Response:
        request = Request(scope)
        headers = {"Connection": "close"} if self.status == 413 else None
        return problem_response(
            request,
            status=self.status,
            problem_type=self.problem_type,
            title=self.title,
            detail=translate(self.message, request_locale(request)).format(**self.params),
            extensions=self.params or None,
            headers=headers,
        )


def _too_large(limit: int) -> Refusal:
    return Refusal(
        413,
        "payload-too-large",
        N_("Payload too large"),
        N_("The request body is larger than {max_bytes} bytes."),
        max_bytes=limit,
    )


_NUL = (
    400,
    "invalid-characters",
    N_("Invalid characters"),
    N_("NUL characters are not accepted in paths, queries or bodies."),
)
_NOT_UTF8 = (
    400,
    "invalid-encoding",
    N_("Invalid text encoding"),
    N_("The request body is not valid UTF-8."),
)


class RequestGuardMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_bulk_body_bytes: int,
        max_json_depth: int,
        form_operations: Callable[[], list[tuple[str, re.Pattern[str]]]],
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_bulk_body_bytes = max_bulk_body_bytes
        self.max_json_depth = max_json_depth
        self._form_operations = form_operations

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            body = await self._checked_body(scope, receive)
        except Refusal as refusal:
            await refusal.response(scope)(scope, receive, send)
            return
        if body is None:
            await self.app(scope, receive, send)
        else:
            await self.app(scope, _replay(body, receive), send)

    async def _checked_body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body once it passed every check, or None when there is no body."""
        query = scope.get("query_string", b"")
        if "\x00" in scope["path"] or b"%00" in query or b"\x00" in query:
            raise Refusal(*_NUL)
        length, chunked, content_type = _body_headers(scope)
        if not length and not chunked:
            return None
        limit = self._limit(scope)
        if length is not None and length > limit:
            raise _too_large(limit)
        body = await _read_body(receive, limit)
        if body is None:
            raise _too_large(limit)
        media_type = content_type.partition(";")[0].strip().lower()
        is_json = media_type in JSON_TYPES or (
            media_type.startswith("application/") and media_type.endswith("+json")
        )
        if body and scope["path"].startswith("/api/") and scope["method"] in BODY_METHODS:
            self._check_media_type(scope, media_type, is_json)
        if is_json:
            self._check_json(body)
        elif media_type == "application/x-www-form-urlencoded":
            _check_form(body)
        return body

    def _limit(self, scope: Scope) -> int:
        for method, path in BULK_ENDPOINTS:
            if scope["method"] == method and path.fullmatch(scope["path"]):
                return self.max_bulk_body_bytes
        return self.max_body_bytes

    def _check_media_type(self, scope: Scope, media_type: str, is_json: bool) -> None:
        expects_form = any(
            method == scope["method"] and path.fullmatch(scope["path"])
            for method, path in self._form_operations()
        )
        if expects_form and media_type not in FORM_TYPES:
            expected = FORM_TYPES[0]
        elif not expects_form and not is_json:
            expected = JSON_TYPES[0]
        else:
            return
        raise Refusal(
            415,
            "unsupported-media-type",
            N_("Unsupported media type"),
            N_("Send the request body as {media_type}."),
            media_type=expected,
        )

    def _check_json(self, body: bytes) -> None:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refusal(*_NOT_UTF8) from None
        if b"\\u0000" in body and _NUL_ESCAPE.search(body):
            raise Refusal(*_NUL)
        if nesting_exceeds(body, self.max_json_depth):
            raise Refusal(
                400,
                "json-too-deep",
                N_("JSON nested too deeply"),
                N_("Arrays and objects may be nested at most {max_depth} levels deep."),
                max_depth=self.max_json_depth,
            )


def _check_form(body: bytes) -> None:
    if b"%00" in body or b"\x00" in body:
        raise Refusal(*_NUL)
    try:
        urllib.parse.unquote_to_bytes(body.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(*_NOT_UTF8) from None


def nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit`, without parsing it.

    Escaped backslashes and quotes are dropped, then everything but quotes and brackets,
    then the strings: what is left is the brackets, whose running sum (opening +1,
    closing -1) is the depth. A few ms per MB, less than parsing it; malformed text is
    left to the JSON parser to refuse.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    if b"\\" in body:
        body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    # Adjacent quotes are an empty string or two strings run together: both may go.
    structure = body.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in structure:
        structure = _STRING.sub(b"", structure)
    if not structure:
        return False
    steps = _DEPTH_STEP[np.frombuffer(structure, dtype=np.uint8)]
    return int(np.cumsum(steps, dtype=np.int32).max()) > limit


def _body_headers(scope: Scope) -> tuple[int | None, bool, str]:
    length: int | None = None
    chunked = False
    content_type = ""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                raise Refusal(
                    400, "bad-request", N_("Bad request"), N_("Content-Length is not a number.")
                ) from None
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"content-type":
            content_type = value.decode("latin-1")
    return length, chunked, content_type


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The body, or None as soon as it grows over `limit` (the rest is never read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        if chunk:
            chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def form_operations(app: FastAPI) -> Callable[[], list[tuple[str, re.Pattern[str]]]]:
    """The API operations whose documented body is a form (e.g. `POST /auth/token`)."""
    found: list[tuple[str, re.Pattern[str]]] | None = None

    def operations() -> list[tuple[str, re.Pattern[str]]]:
        nonlocal found
        if found is None:
            forms = []
            for path, item in app.openapi().get("paths", {}).items():
                for method, operation in item.items():
                    content = (operation.get("requestBody") or {}).get("content", {})
                    if any(media_type in content for media_type in FORM_TYPES):
                        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path))
                        forms.append((method.upper(), re.compile(pattern)))
            found = forms
        return found

    return operations


# --- CORS ---------------------------------------------------------------------------------


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


def install_middleware(app: FastAPI, settings: Settings) -> None:
    configure_logging(settings.log_level)
    app.add_middleware(
        RequestGuardMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_bulk_body_bytes=settings.max_bulk_body_bytes,
        max_json_depth=settings.max_json_depth,
        form_operations=form_operations(app),
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
