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
exists, so a 429 reveals nothing an error would not. Where they are kept (the database or
Redis) is `app/core/rate_counters.py`.
"""

import hashlib
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.core.config import Settings
from app.core.errors import DomainError
from app.core.i18n import N_
from app.core.logs import CLIENT_ADDRESS
from app.core.openapi import problem_responses
from app.core.problems import PROBLEM_MEDIA_TYPE
from app.core.rate_counters import CounterStore, DatabaseCounterStore, Limit, RedisCounterStore
from app.core.transaction import (
    TransactionalRoute,
    admitted,  # the requests' own admission gates
)

logger = logging.getLogger("troupe.ratelimit")

T = TypeVar("T")


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
