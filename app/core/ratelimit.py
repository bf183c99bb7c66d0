"""Rate limits on credential checks: sign-in, accepting an invite, changing a password.

Every attempt is counted against two keys, the account it names (the email) and the
client address, **before** the password is verified, in its own short transaction (or in
Redis when `TROUPE_REDIS_URL` is set), never in the request's transaction: a failed sign-in
raises, its request rolls back, and the attempt still counts. The counters are shared by
every process that uses the same database or Redis.

The policy, with the defaults of `Settings`:

- at most `signin_attempts_per_account` (10) failed attempts per account and
  `signin_attempts_per_address` (50) per client address in a window of
  `signin_window_seconds` (15 minutes) that starts with the first counted attempt;
- one attempt more is refused with 429 and `Retry-After` (the seconds until the window
  ends) without checking the password; a refused attempt is not counted, so hammering
  does not extend the window;
- a success resets the account's counter (its owner has just proved the password) and
  gives the address its attempt back, so successes never use up an address's budget;
  it does not reset the address's counter: a valid account of one's own cannot buy more
  guesses at other accounts;
- a request that turns out not to be a credential check (a 422 form) gives both back.

Counters are keyed by the SHA-256 of the email or address, whether or not the email
exists, so a 429 reveals nothing an error would not.
"""

import hashlib
import logging
import math
import random
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar, cast

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from sqlalchemy import Table, case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.core.config import Settings
from app.core.db import begin_write
from app.core.errors import DomainError
from app.core.i18n import N_
from app.core.logs import CLIENT_ADDRESS
from app.core.openapi import problem_responses
from app.core.problems import PROBLEM_MEDIA_TYPE
from app.core.transaction import (
    TransactionalRoute,
    admitted,  # the requests' own admission gates
)
from app.models import RateLimitCounter
from app.models.base import utcnow

logger = logging.getLogger("troupe.ratelimit")

T = TypeVar("T")
PURGE_PROBABILITY = 0.01
REDIS_PREFIX = "troupe:ratelimit:"


class TooManyAttempts(DomainError):
    status_code = 429
    problem_type = "too-many-requests"
    title = N_("Too many requests")

    def __init__(self, seconds: int) -> None:
        super().__init__(
            N_("Too many attempts; try again in {seconds} seconds."),
            params={"seconds": seconds},
            extensions={"retry_after": seconds},
            headers={"Retry-After": str(seconds)},
        )


class LimiterUnavailable(DomainError):
    status_code = 503
    problem_type = "rate-limiter-unavailable"
    title = N_("Service unavailable")

    def __init__(self) -> None:
        super().__init__(
            N_("Signing in is not possible for a moment; try again shortly."),
            headers={"Retry-After": "5"},
        )


def limited_responses() -> dict[int | str, dict[str, Any]]:
    """The OpenAPI responses of a rate-limited operation."""
    return problem_responses(429) | {
        503: {
            "description": "The rate-limit store (Redis) is unreachable; see Retry-After",
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    }


@dataclass(frozen=True)
class Limit:
    key: str
    attempts: int
    window_seconds: int


class CounterStore(Protocol):
    def hit(self, limits: Sequence[Limit]) -> int | None:
        """Count one attempt on every key, or none if one is full: then the seconds to wait."""

    def reset(self, key: str) -> None:
        """Forget the key's attempts."""

    def give_back(self, key: str) -> None:
        """Uncount one attempt of the key."""


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


class DatabaseCounterStore:
    """Counters in the `rate_limit_counters` table: one upsert per key, in one transaction.

    PostgreSQL locks the upserted rows until commit and SQLite serialises writers
    (`BEGIN IMMEDIATE`), so concurrent processes never lose a count; keys are always
    taken in the same order, so two attempts cannot deadlock.
    """

    def __init__(
        self, session: Callable[[], Session], *, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._session = session
        self._clock = clock

    def hit(self, limits: Sequence[Limit]) -> int | None:
        now = self._clock()
        wait = 0
        with self._session() as session:
            begin_write(session)
            for limit in sorted(limits, key=lambda limit: limit.key):
                attempts, expires_at = session.execute(self._count(session, limit, now)).one()
                if attempts > limit.attempts:
                    wait = max(wait, _seconds_until(expires_at, now))
            if wait:
                session.rollback()
                return wait
            if random.random() < PURGE_PROBABILITY:  # noqa: S311 (not a secret)
                session.execute(delete(_TABLE).where(_TABLE.c.expires_at <= now))
            session.commit()
        return None

    def reset(self, key: str) -> None:
        with self._session() as session:
            begin_write(session)
            session.execute(delete(_TABLE).where(_TABLE.c.key == key))
            session.commit()

    def give_back(self, key: str) -> None:
        with self._session() as session:
            begin_write(session)
            session.execute(
                _TABLE.update()
                .where(_TABLE.c.key == key, _TABLE.c.attempts > 0)
                .values(attempts=_TABLE.c.attempts - 1)
            )
            session.commit()

    @staticmethod
    def _count(session: Session, limit: Limit, now: datetime) -> Any:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            insert: Any = postgresql.insert(_TABLE)
        elif dialect == "sqlite":
            insert = sqlite.insert(_TABLE)
        else:  # pragma: no cover
            raise NotImplementedError(
                f"rate limits in the database need PostgreSQL or SQLite, not {dialect}"
            )
        insert = insert.values(
            key=limit.key, attempts=1, expires_at=now + timedelta(seconds=limit.window_seconds)
        )
        ended = _TABLE.c.expires_at <= now
        return insert.on_conflict_do_update(
            index_elements=[_TABLE.c.key],
            set_={
                "attempts": case((ended, 1), else_=_TABLE.c.attempts + 1),
                "expires_at": case((ended, insert.excluded.expires_at), else_=_TABLE.c.expires_at),
            },
        ).returning(_TABLE.c.attempts, _TABLE.c.expires_at)


_TABLE = cast(Table, RateLimitCounter.__table__)

# KEYS: the counters; ARGV: limit and window (ms) of each, in turn. Count on every key, or
# on none if one is full; then answer the milliseconds until the fullest one frees up.
_REDIS_HIT = """
local wait = 0
for i, key in ipairs(KEYS) do
  local attempts = tonumber(redis.call('GET', key) or '0')
  if attempts >= tonumber(ARGV[2 * i - 1]) then
    local ttl = redis.call('PTTL', key)
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
end
return 0
"""
_REDIS_GIVE_BACK = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0
"""


class RedisCounterStore:
    """Counters as Redis keys that expire with their window; each step is one Lua script."""

    def __init__(self, url: str, *, prefix: str = REDIS_PREFIX) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = prefix
        self._hit = self.client.register_script(_REDIS_HIT)
        self._give_back = self.client.register_script(_REDIS_GIVE_BACK)

    def hit(self, limits: Sequence[Limit]) -> int | None:
        args: list[int] = []
        for limit in limits:
            args += [limit.attempts, limit.window_seconds * 1000]
        wait_ms = int(self._hit(keys=[self._prefix + limit.key for limit in limits], args=args))
        return math.ceil(wait_ms / 1000) if wait_ms > 0 else None

    def reset(self, key: str) -> None:
        self.client.delete(self._prefix + key)

    def give_back(self, key: str) -> None:
        self._give_back(keys=[self._prefix + key])


@dataclass(frozen=True)
class Attempt:
    """One credential check: the account it names (if known) and where it comes from."""

    account: str | None
    address: str


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


Gate = Callable[[], AbstractAsyncContextManager[None]]


class CredentialLimiter:
    def __init__(
        self,
        store: CounterStore,
        *,
        per_account: int,
        per_address: int,
        window_seconds: int,
        gate: Gate | None = None,
    ) -> None:
        self.store = store
        self._per_account = per_account
        self._per_address = per_address
        self._window = window_seconds
        self._gate = gate

    @classmethod
    def from_settings(cls, settings: Settings, *, app: FastAPI) -> "CredentialLimiter":
        store: CounterStore
        gate: Gate | None = None
        if settings.redis_url:
            store = RedisCounterStore(settings.redis_url)
        else:
            # The app's factory at call time: tests swap it for one bound to their connection.
            store = DatabaseCounterStore(lambda: cast(Session, app.state.session_factory()))

            # Counting is a short writing transaction: it queues with the requests' own
            # (one writer at a time on SQLite, no more connections than the pool has).
            def gate() -> AbstractAsyncContextManager[None]:
                return admitted(app.state.session_factory, writing=True)

        return cls(
            store,
            per_account=settings.signin_attempts_per_account,
            per_address=settings.signin_attempts_per_address,
            window_seconds=settings.signin_window_seconds,
            gate=gate,
        )

    def account_key(self, attempt: Attempt) -> str | None:
        if attempt.account is None or not self._per_account:
            return None
        return "signin:account:" + _digest(attempt.account.strip().lower())

    def address_key(self, attempt: Attempt) -> str | None:
        return "signin:address:" + _digest(attempt.address) if self._per_address else None

    def _limits(self, attempt: Attempt) -> list[Limit]:
        limits = []
        if key := self.account_key(attempt):
            limits.append(Limit(key, self._per_account, self._window))
        if key := self.address_key(attempt):
            limits.append(Limit(key, self._per_address, self._window))
        return limits

    async def admit(self, attempt: Attempt) -> None:
        """Count the attempt, or raise `TooManyAttempts` without counting it."""
        limits = self._limits(attempt)
        if not limits:
            return
        wait = await self._call(self.store.hit, limits)
        if wait is not None:
            raise TooManyAttempts(wait)

    async def succeeded(self, attempt: Attempt) -> None:
        if key := self.account_key(attempt):
            await self._call(self.store.reset, key)
        if key := self.address_key(attempt):
            await self._call(self.store.give_back, key)

    async def withdraw(self, attempt: Attempt) -> None:
        """The request was no credential check after all (invalid input): uncount it."""
        for key in (self.account_key(attempt), self.address_key(attempt)):
            if key:
                await self._call(self.store.give_back, key)

    async def _call(self, step: Callable[..., Any], *args: Any) -> Any:
        try:
            async with self._gate() if self._gate else nullcontext():
                return await run_in_threadpool(step, *args)
        except Exception as exc:
            if _is_redis_error(exc):
                logger.error("rate-limit store unreachable: %s", exc)
                raise LimiterUnavailable() from exc
            raise


def _is_redis_error(exc: Exception) -> bool:
    return type(exc).__module__.startswith("redis")


def credential_limiter(app: FastAPI) -> CredentialLimiter:
    """The app's limiter, built from its settings on first use (tests may set their own)."""
    limiter = getattr(app.state, "credential_limiter", None)
    if limiter is None:
        limiter = CredentialLimiter.from_settings(app.state.settings, app=app)
        app.state.credential_limiter = limiter
    return cast(CredentialLimiter, limiter)


async def read_before_transaction(request: Request, query: Callable[[Session], T]) -> T:
    """Run `query` in a short session of its own, admitted like a request's transaction."""

    def read() -> T:
        with request.app.state.session_factory() as session:
            return query(session)

    async with admitted(request.app.state.session_factory, writing=False):
        return await run_in_threadpool(read)


def client_address(request: Request) -> str:
    """The address a request comes from.

    Behind a reverse proxy, uvicorn (`troupe serve` runs it with `proxy_headers`) has
    already replaced the peer with the `X-Forwarded-For` client when the proxy is trusted
    (`--forwarded-allow-ips`). An API call that the web front end makes in-process comes
    from the browser whose page it is made for (`app.core.middleware` keeps it), not from
    the transport's 127.0.0.1, so browsers do not share one address's budget.
    """
    return CLIENT_ADDRESS.get() or (request.client.host if request.client else "unknown")


AttemptOf = Callable[[Request], Awaitable[Attempt | None]]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
_ATTEMPTS: dict[Callable[..., Any], AttemptOf] = {}


def checks_credentials(attempt_of: AttemptOf) -> Callable[[Endpoint], Endpoint]:
    """Mark an endpoint of a `CredentialRoute` router as a credential check.

    `attempt_of(request)` names the account the request tries (reading the body is fine:
    it is cached for the endpoint), or returns None when the request checks nothing.
    Put it under the router's decorator.
    """

    def register(endpoint: Endpoint) -> Endpoint:
        _ATTEMPTS[endpoint] = attempt_of
        return endpoint

    return register


class CredentialRoute(TransactionalRoute):
    """A `TransactionalRoute` that counts credential checks outside the request's transaction.

    The attempt is counted before the transaction begins and settled after it has
    ended, so a rollback cannot undo the count, and SQLite's single writer is never
    waited for by the request that holds it.
    """

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()
        attempt_of = _ATTEMPTS.get(self.endpoint)
        if attempt_of is None:
            return handler

        async def handle_limited(request: Request) -> Response:
            attempt = await attempt_of(request)
            if attempt is None:
                return await handler(request)
            limiter = credential_limiter(request.app)
            await limiter.admit(attempt)
            try:
                response = await handler(request)
            except RequestValidationError:
                await limiter.withdraw(attempt)
                raise
            if response.status_code < 400:
                await limiter.succeeded(attempt)
            return response

        return handle_limited
