"""The per-sender counters of chat: slow mode, unique chat and the sliding-window rate limit."""

import enum
import uuid
from dataclasses import dataclass
from typing import Protocol


class Verdict(enum.StrEnum):
    ADMITTED = "admitted"
    SLOW = "slow"  # slow mode: the sender's last message is too recent
    DUPLICATE = "duplicate"  # unique chat: the same text was sent in the room recently
    RATE = "rate"  # the sliding-window rate limit is reached


@dataclass(frozen=True, slots=True)
class Throttle:
    """What one send asks for; 0 / None turns a counter off."""

    slow_seconds: int
    unique_key: str | None  # a digest of the normalised text when unique chat is on
    unique_seconds: int
    unique_check: bool  # False: record the text (others may not repeat it) without checking
    limit: int  # messages per window
    window_seconds: int


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    retry_after_ms: int  # when refused: how long until it would pass
    remaining: int  # when admitted: messages left in the window


class ChatThrottle(Protocol):
    async def peek(
        self, chatroom_id: uuid.UUID, account_id: uuid.UUID, throttle: Throttle
    ) -> Decision:
        """Slow mode and unique chat only, recording nothing (the early, ordered check)."""
        ...

    async def admit(
        self, chatroom_id: uuid.UUID, account_id: uuid.UUID, throttle: Throttle
    ) -> Decision:
        """Atomically: slow mode, unique chat, then the rate limit; when all pass, record the
        message in each. Exact across processes: never admits more than ``limit`` in any
        ``window_seconds``-long window."""
        ...
