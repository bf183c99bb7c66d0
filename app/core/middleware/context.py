"""Request ids, security headers and one JSON log line per request."""

import logging
import re
import time
import urllib.parse
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.logs import (
    CLIENT_ADDRESS,
    REQUEST_ID,
    SENSITIVE_QUERY_KEYS,
    redact,
)

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
                message["headers"] = _with_headers(
                    message.get("headers", ()), request_id, https, closing=status == 500
                )
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


def _with_headers(
    headers: Any, request_id: str, https: bool, *, closing: bool
) -> list[tuple[bytes, bytes]]:
    """Security headers and the request id; `closing`: the answer to an unhandled error,
    after which the server hangs up (a keep-alive client must not send on that connection
    again: it would get a reset instead of an answer)."""
    result = list(headers)
    present = {name.lower() for name, _ in result}
    if closing and b"connection" not in present:
        result.append((b"connection", b"close"))
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
