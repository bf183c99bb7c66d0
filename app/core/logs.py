"""Structured logs: one JSON object per line, tagged with the request id, secrets redacted.

Troupe logs under the `troupe` logger (`troupe.access` has one line per request, from
`app.core.middleware`). Nothing logs a password or a token on purpose; `redact()` is
the safety net for what could slip into a message anyway (an exception that quotes
SQL parameters, an invite link in a path).
"""

import json
import logging
import re
import sys
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

REQUEST_ID: ContextVar[str | None] = ContextVar("troupe_request_id", default=None)
# The address of the client a request (or the page it is made for, when the web front end
# calls the API in-process) comes from; set by app.core.middleware.
CLIENT_ADDRESS: ContextVar[str | None] = ContextVar("troupe_client_address", default=None)

_REDACTIONS = (
    # Troupe's own secrets: bearer tokens (trp_…) and invite tokens (inv_…).
    (re.compile(r"\b(trp|inv)_[A-Za-z0-9_-]{6,}"), r"\1_[redacted]"),
    (re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]+"), r"\1\2[redacted]"),
    (re.compile(r"\$argon2[a-z]*\$[^\s'\"}]+"), "[redacted]"),
    # `password=…`, `'new_password': '…'`, `"token": "…"` and the like.
    (
        re.compile(
            r"(?i)((?:password|passwd|secret|token|authorization)\w*['\"]?\s*[:=]\s*['\"]?)"
            r"[^\s'\",&}]+"
        ),
        r"\1[redacted]",
    ),
)
SENSITIVE_QUERY_KEYS = frozenset(
    {"token", "access_token", "password", "secret", "api_key", "apikey", "code", "invite"}
)


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", …}`; `extra={"fields": {…}}`
    adds members."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever `sys.stderr` is at the time (test runners swap it)."""

    troupe = True

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _redacting_factory(
    make_record: Callable[..., logging.LogRecord],
) -> Callable[..., logging.LogRecord]:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.request_id = REQUEST_ID.get()
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: let the handler report it as usual
            return record
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return record

    make.troupe = True  # type: ignore[attr-defined]
    return make


def configure_logging(level: str) -> None:
    """Send the `troupe` loggers to stderr as JSON lines (once per process).

    Every record of every logger (the web front end's httpx client logs URLs, SQLAlchemy
    logs parameters when asked to) also gets its request id and is redacted when it is
    created, whichever handler writes it.
    """
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "troupe", False):
        logging.setLogRecordFactory(_redacting_factory(factory))
    logger = logging.getLogger("troupe")
    numeric = logging.getLevelName(level.upper())
    logger.setLevel(numeric if isinstance(numeric, int) else logging.INFO)
    if not any(getattr(handler, "troupe", False) for handler in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
