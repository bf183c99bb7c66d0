"""Refuse bad requests before any route: NUL, size, media type, UTF-8, JSON depth."""

import re
import urllib.parse
from collections.abc import Callable
from typing import Any

import numpy as np
from fastapi import FastAPI, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import DomainError
from app.core.i18n import N_
from app.core.problems import domain_problem

JSON_TYPES = ("application/json",)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UPLOAD_TYPES = ("multipart/form-data",)
# Room for the other parts and the multipart framing around an upload's largest file.
UPLOAD_OVERHEAD_BYTES = 1024 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Endpoints that take large bodies (bulk ingest: 10,000 datapoints at once).
BULK_ENDPOINTS = (("POST", re.compile(r"/api/v1/workspaces/[^/]+/datapoints")),)

_STRING = re.compile(rb'"[^"]*"')
_DEPTH_STEP = np.zeros(256, dtype=np.int8)
_DEPTH_STEP[list(b"[{")] = 1
_DEPTH_STEP[list(b"]}")] = -1
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class Refusal(DomainError):
    """A request refused before any route; the problem type is the instance's."""

    def __init__(
        self,
        status: int,
        problem_type: str,
        title: str,
        message: str,
        **params: Any,
    ) -> None:
        self.status_code = status
        self.problem_type = problem_type
        self.title = title
        headers = {"Connection": "close"} if status == 413 else None
        super().__init__(message, params=params, extensions=params, headers=headers)

    def response(self, scope: Scope) -> Response:
        return domain_problem(Request(scope), self)


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
        max_upload_body_bytes: int | None = None,
        upload_operations: Callable[[], list[tuple[str, re.Pattern[str]]]] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_bulk_body_bytes = max_bulk_body_bytes
        self.max_json_depth = max_json_depth
        self._form_operations = form_operations
        self.max_upload_body_bytes = max_upload_body_bytes or max_body_bytes
        self._upload_operations = upload_operations or list

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
        for method, path in self._upload_operations():
            if scope["method"] == method and path.fullmatch(scope["path"]):
                return self.max_upload_body_bytes
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


def form_operations(
    app: FastAPI, media_types: tuple[str, ...] = FORM_TYPES
) -> Callable[[], list[tuple[str, re.Pattern[str]]]]:
    """The API operations whose documented body is a form (e.g. `POST /auth/token`);
    `media_types=UPLOAD_TYPES`: those that take files (their limit is the upload one)."""
    found: list[tuple[str, re.Pattern[str]]] | None = None

    def operations() -> list[tuple[str, re.Pattern[str]]]:
        nonlocal found
        if found is None:
            forms = []
            for path, item in app.openapi().get("paths", {}).items():
                for method, operation in item.items():
                    content = (operation.get("requestBody") or {}).get("content", {})
                    if any(media_type in content for media_type in media_types):
                        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path))
                        forms.append((method.upper(), re.compile(pattern)))
            found = forms
        return found

    return operations
