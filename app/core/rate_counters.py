"""Where rate-limit attempts are counted (app/core/ratelimit.py decides what to count): the
`rate_limit_counters` table, or Redis when `TROUPE_REDIS_URL` is set. A store counts one
attempt on several keys at once, or none if one of them is full."""

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import Table, case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core.db import begin_write
from app.models import RateLimitCounter
from app.models.base import utcnow

PURGE_PROBABILITY = 0.01
REDIS_PREFIX = "troupe:ratelimit:"


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
