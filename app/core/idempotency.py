"""`Idempotency-Key` on POST: the first response is stored and replayed on retries.

Keys are scoped to the caller's token. The record is claimed inside the request's own
transaction, so a request that fails leaves no record and may be retried; concurrent
requests with one key wait on the unique constraint and then replay the winner.
"""

import hashlib
from datetime import timedelta

from fastapi import Request, Response
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.errors import Conflict, IdempotencyKeyReused, InvalidInput
from app.core.i18n import N_
from app.core.security import token_digest
from app.models import IdempotencyRecord
from app.models.base import utcnow

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
RETENTION = timedelta(hours=24)
_REPLAYED_HEADERS = ("content-type", "etag", "location")


def caller_scope(request: Request) -> str | None:
    """The digest of the bearer token: keys of one caller never collide with another's."""
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    return token_digest(token.strip()) if scheme.lower() == "bearer" and token.strip() else None


def request_fingerprint(request: Request, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query):
        digest.update(part.encode() + b"\0")
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data") and "boundary=" in content_type:
        # A retried upload has a new random boundary: the same request all the same.
        boundary = content_type.split("boundary=", 1)[1].split(";", 1)[0].strip('" ')
        body = body.replace(boundary.encode("latin-1"), b"boundary")
    digest.update(body)
    return digest.hexdigest()


def claim(
    session: Session, *, scope: str, key: str, fingerprint: str
) -> tuple[IdempotencyRecord | None, Response | None]:
    """Claim `key` for this request, or return the stored response to replay."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(
            N_("Idempotency-Key must be 1 to {max} characters."), params={"max": MAX_KEY_LENGTH}
        )
    existing = _find(session, scope, key)
    if existing is not None and existing.created_at <= utcnow() - RETENTION:
        session.delete(existing)
        session.flush()
        existing = None
    if existing is None:
        record = IdempotencyRecord(
            user_scope=scope, key=key, request_hash=fingerprint, created_at=utcnow()
        )
        try:
            with session.begin_nested():
                session.add(record)
        except IntegrityError:
            existing = _find(session, scope, key)  # a concurrent twin won and committed
            if existing is None:
                raise
        else:
            return record, None
    return None, _replay(existing, fingerprint)


def _find(session: Session, scope: str, key: str) -> IdempotencyRecord | None:
    return session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_scope == scope,
            IdempotencyRecord.key == key,
        )
    )


def _replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.request_hash != fingerprint:
        raise IdempotencyKeyReused(
            N_("This Idempotency-Key was used for a different request; use a new key.")
        )
    if record.status_code is None:
        raise Conflict(N_("A request with this Idempotency-Key is still in progress."))
    headers = dict(record.response_headers or {})
    headers["Idempotent-Replayed"] = "true"
    return Response(content=record.response_body, status_code=record.status_code, headers=headers)


def complete(session: Session, record: IdempotencyRecord, response: Response) -> None:
    """Store the response to replay, or drop the claim when the request did not succeed."""
    if not 200 <= response.status_code < 300:
        session.delete(record)
        return
    record.status_code = response.status_code
    record.response_body = bytes(response.body)
    record.response_headers = {
        name: value for name, value in response.headers.items() if name in _REPLAYED_HEADERS
    }


def purge_expired(session: Session) -> int:
    result = session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at <= utcnow() - RETENTION)
    )
    return int(getattr(result, "rowcount", 0) or 0)
