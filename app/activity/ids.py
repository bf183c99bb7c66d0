"""Time-ordered ids (UUIDv7, RFC 9562): sorting by id sorts by time.

An activity's id carries its `occurred_at` to the millisecond, so one index on
`(workspace_id, id)` serves the feed's keyset pages, the `since`/`until` filters and,
later, SSE event ids. Within one millisecond a process counts up (method 1 of the RFC),
so entries written one after another keep their order.
"""

import secrets
import threading
import uuid
from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)
_VERSION = 0x7
_VARIANT = 0b10
_lock = threading.Lock()
_last_ms = -1
_sequence = 0


def uuid7(moment: datetime) -> uuid.UUID:
    """A new UUIDv7 for `moment` (aware), after any other made here in the same ms."""
    global _last_ms, _sequence
    ms = _millis(moment)
    with _lock:
        if ms == _last_ms and _sequence < 0xFFF:
            _sequence += 1
        else:
            _sequence = secrets.randbits(11)  # room to count up within the millisecond
        _last_ms = ms
        sequence = _sequence
    return _assemble(ms, sequence, secrets.randbits(62))


def lowest_at(moment: datetime) -> uuid.UUID:
    """The smallest UUIDv7 of `moment`'s millisecond: ids `>=` it are not earlier."""
    return _assemble(_millis(moment), 0, 0)


def millis_of(value: uuid.UUID) -> int:
    return value.int >> 80


def _millis(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("uuid7 needs an aware datetime")
    return (moment - _EPOCH) // _MILLISECOND


def _assemble(ms: int, sequence: int, tail: int) -> uuid.UUID:
    value = (ms & (2**48 - 1)) << 80
    value |= _VERSION << 76
    value |= (sequence & 0xFFF) << 64
    value |= _VARIANT << 62
    value |= tail & (2**62 - 1)
    return uuid.UUID(int=value)
