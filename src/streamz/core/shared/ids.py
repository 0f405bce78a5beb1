"""Time-ordered UUIDv7 identifiers (RFC 9562 §5.7), from the standard library only."""

from __future__ import annotations

import os
import threading
import time
import uuid

_last = 0
_lock = threading.Lock()


def new_id() -> uuid.UUID:
    """A UUIDv7: 48 bits of Unix milliseconds, then random bits, with version and variant set.

    Ids made by one process only grow (RFC 9562 §6.2 method 2: within a millisecond the random
    part is incremented), so "newest first" by id is exact for rows written here.
    """
    global _last  # noqa: PLW0603 - the process-wide monotonic state
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & 0xFFFF_FFFF_FFFF) << 80 | rand
    value = _versioned(value)
    with _lock:
        if value <= _last:
            value = _versioned(_last + 1)
        _last = value
    return uuid.UUID(int=value)


def _versioned(value: int) -> int:
    value &= ~(0xF << 76)
    value |= 0x7 << 76
    value &= ~(0x3 << 62)
    value |= 0x2 << 62
    return value


def parse_id(text: str) -> uuid.UUID | None:
    """The UUID in ``text``, or None when ``text`` is not a UUID (so it is a name or slug)."""
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
