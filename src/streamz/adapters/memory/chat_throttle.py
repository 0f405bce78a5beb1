"""The chat throttle in one process (tests and the in-memory library), on the clock port."""

from __future__ import annotations

import math
import uuid
from collections import deque

from streamz.ports.chat_throttle import Decision, Throttle, Verdict
from streamz.ports.clock import Clock


class MemoryChatThrottle:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._log: dict[tuple[uuid.UUID, uuid.UUID], deque[float]] = {}
        self._until: dict[tuple[object, ...], float] = {}  # slow/unique key -> expiry (ms)

    def _now(self) -> float:
        return self._clock.now().timestamp() * 1000

    def _blocked(self, room: uuid.UUID, account: uuid.UUID, throttle: Throttle) -> Decision | None:
        now = self._now()
        slow = self._until.get(("slow", room, account), 0.0)
        if throttle.slow_seconds and slow > now:
            return Decision(Verdict.SLOW, math.ceil(slow - now), 0)
        uniq = self._until.get(("uniq", room, throttle.unique_key), 0.0)
        if throttle.unique_key and throttle.unique_check and uniq > now:
            return Decision(Verdict.DUPLICATE, math.ceil(uniq - now), 0)
        return None

    async def peek(
        self, chatroom_id: uuid.UUID, account_id: uuid.UUID, throttle: Throttle
    ) -> Decision:
        blocked = self._blocked(chatroom_id, account_id, throttle)
        return blocked or Decision(Verdict.ADMITTED, 0, 0)

    async def admit(
        self, chatroom_id: uuid.UUID, account_id: uuid.UUID, throttle: Throttle
    ) -> Decision:
        blocked = self._blocked(chatroom_id, account_id, throttle)
        if blocked is not None:
            return blocked
        now, window = self._now(), throttle.window_seconds * 1000
        log = self._log.setdefault((chatroom_id, account_id), deque())
        while log and log[0] <= now - window:
            log.popleft()
        if len(log) >= throttle.limit:
            oldest = log[len(log) - throttle.limit]
            return Decision(Verdict.RATE, math.ceil(oldest + window - now), 0)
        log.append(now)
        if throttle.slow_seconds:
            self._until[("slow", chatroom_id, account_id)] = now + throttle.slow_seconds * 1000
        if throttle.unique_key:
            key = ("uniq", chatroom_id, throttle.unique_key)
            self._until[key] = now + throttle.unique_seconds * 1000
        return Decision(Verdict.ADMITTED, 0, throttle.limit - len(log))
