"""One injectable "now" for every rule that depends on the time.

Services, jobs and pages ask `clock.now()` (an aware UTC datetime) or
`clock.today_in(timezone)`; nothing else reads the system time for a rule. Which clock
answers is decided per request and per job run:

- the app holds one clock (`app.state.clock`, the system clock unless `create_app(clock=…)`
  gives another); `ClockMiddleware` makes it the current clock for each request, so a
  service called by a router, or a page, sees it without an argument;
- the job loop makes its clock current while it runs jobs (`use_clock`);
- tests install a `SettableClock` (the `clock` fixture) and set the time instead of sleeping.

Routers that want it explicitly take `clock: ClockDep`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Protocol
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from starlette.types import ASGIApp, Receive, Scope, Send


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class SettableClock:
    """A clock that stands still until it is set or advanced (tests, simulations)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = _aware(start) if start is not None else datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = _aware(moment)

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a clock is set with an aware datetime")
    return moment.astimezone(UTC)


SYSTEM_CLOCK = SystemClock()
_CURRENT: ContextVar[Clock] = ContextVar("troupe_clock", default=SYSTEM_CLOCK)


def current() -> Clock:
    """The clock in force here (the request's, the job run's, or the system clock)."""
    return _CURRENT.get()


def now() -> datetime:
    """The current instant (aware, UTC) by the clock in force."""
    return _CURRENT.get().now()


def today_in(timezone: str) -> date:
    """Today's date where the workspace is, not where the server is."""
    return now().astimezone(ZoneInfo(timezone)).date()


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    """Make `clock` the current one inside the block (and the threads it starts from here)."""
    token = _CURRENT.set(clock)
    try:
        yield clock
    finally:
        _CURRENT.reset(token)


class ClockMiddleware:
    """Make the app's clock (`app.state.clock`) the current clock for each request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = scope.get("app")
        clock = getattr(getattr(app, "state", None), "clock", None)
        if clock is None or scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        token = _CURRENT.set(clock)
        try:
            await self.app(scope, receive, send)
        finally:
            _CURRENT.reset(token)


def request_clock(request: Request) -> Clock:
    clock: Clock = getattr(request.app.state, "clock", SYSTEM_CLOCK)
    return clock


ClockDep = Annotated[Clock, Depends(request_clock)]
