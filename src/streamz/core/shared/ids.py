"""Time-ordered UUIDv7 identifiers (RFC 9562 §5.7), from the standard library only."""

from __future__ import annotations

import os
import time
import uuid


def new_id() -> uuid.UUID:
    """A UUIDv7: 48 bits of Unix milliseconds, then random bits, with version and variant set."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & 0xFFFF_FFFF_FFFF) << 80 | rand
    value &= ~(0xF << 76)
    value |= 0x7 << 76
    value &= ~(0x3 << 62)
    value |= 0x2 << 62
    return uuid.UUID(int=value)


def parse_id(text: str) -> uuid.UUID | None:
    """The UUID in ``text``, or None when ``text`` is not a UUID (so it is a name or slug)."""
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
