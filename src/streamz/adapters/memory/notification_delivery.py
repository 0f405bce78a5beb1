"""Notification delivery in one process: recording senders and in-memory provider guards.

``MemoryPushSender`` / ``MemoryEmailSender`` record every message they are given and answer
``SENT`` unless told otherwise (per token/address, for the next N calls, or for everything).
``MemoryProviderRateLimit`` and ``MemoryCircuitBreaker`` follow the same rules as their Redis
versions (``adapters/redis/provider_guards.py``) on the ``Clock`` port, so tests move time.

Provider names used by the pipeline: ``"fcm"`` (push) and ``"ses"`` (email).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from streamz.ports.clock import Clock
from streamz.ports.notification_delivery import (
    MAX_PUSH_BATCH,
    EmailMessage,
    PushMessage,
    SendOutcome,
    SendResult,
)

FCM = "fcm"
SES = "ses"

Answer = SendOutcome | SendResult


def _result(answer: Answer, provider_id: str) -> SendResult:
    if isinstance(answer, SendResult):
        return answer
    if answer is SendOutcome.SENT:
        return SendResult(SendOutcome.SENT, provider_id=provider_id)
    return SendResult(answer, error=f"memory: {answer.value}")


@dataclass(slots=True)
class _Script:
    """What a recording sender answers: per key (forever or N times), then next N calls."""

    per_key: dict[str, tuple[Answer, int | None]] = field(default_factory=dict)
    upcoming: list[Answer] = field(default_factory=list)
    default: Answer = SendOutcome.SENT

    def answer(self, key: str) -> Answer:
        scripted = self.per_key.get(key)
        if scripted is not None:
            answer, times = scripted
            if times is not None:
                if times <= 1:
                    del self.per_key[key]
                else:
                    self.per_key[key] = (answer, times - 1)
            return answer
        if self.upcoming:
            return self.upcoming.pop(0)
        return self.default


class MemoryPushSender:
    """Records pushes; ``sent`` holds those answered SENT, ``attempts`` every message given."""

    def __init__(self) -> None:
        self.attempts: list[PushMessage] = []
        self.sent: list[PushMessage] = []
        self.batches: list[int] = []  # size of every ``send`` call
        self._script = _Script()
        self._ids = itertools.count(1)

    def answer(self, token: str, outcome: Answer, *, times: int | None = None) -> None:
        """Answer ``outcome`` for ``token`` (every time, or the next ``times`` sends to it)."""
        self._script.per_key[token] = (outcome, times)

    def answer_next(self, *outcomes: Answer) -> None:
        """Answer these outcomes to the next messages (any token), in order."""
        self._script.upcoming.extend(outcomes)

    def answer_all(self, outcome: Answer) -> None:
        """Answer ``outcome`` to every message without a specific script (SENT to undo)."""
        self._script.default = outcome

    def sent_to(self, token: str) -> list[PushMessage]:
        return [m for m in self.sent if m.token == token]

    def reset(self) -> None:
        self.attempts.clear()
        self.sent.clear()
        self.batches.clear()
        self._script = _Script()

    async def send(self, messages: Sequence[PushMessage]) -> list[SendResult]:
        if len(messages) > MAX_PUSH_BATCH:
            raise ValueError(f"at most {MAX_PUSH_BATCH} push messages per call")
        self.batches.append(len(messages))
        results = []
        for message in messages:
            self.attempts.append(message)
            result = _result(
                self._script.answer(message.token), f"projects/memory/messages/{next(self._ids)}"
            )
            if result.outcome is SendOutcome.SENT:
                self.sent.append(message)
            results.append(result)
        return results


class MemoryEmailSender:
    """Records mail; ``sent`` holds those answered SENT, ``attempts`` every message given."""

    def __init__(self) -> None:
        self.attempts: list[EmailMessage] = []
        self.sent: list[EmailMessage] = []
        self._script = _Script()
        self._ids = itertools.count(1)

    def answer(self, address: str, outcome: Answer, *, times: int | None = None) -> None:
        """Answer ``outcome`` for mail to ``address`` (every time, or the next ``times``)."""
        self._script.per_key[address.lower()] = (outcome, times)

    def answer_next(self, *outcomes: Answer) -> None:
        self._script.upcoming.extend(outcomes)

    def answer_all(self, outcome: Answer) -> None:
        self._script.default = outcome

    def sent_to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.sent if m.to.lower() == address.lower()]

    def reset(self) -> None:
        self.attempts.clear()
        self.sent.clear()
        self._script = _Script()

    async def send(self, message: EmailMessage) -> SendResult:
        self.attempts.append(message)
        result = _result(self._script.answer(message.to.lower()), f"memory-{next(self._ids):08d}")
        if result.outcome is SendOutcome.SENT:
            self.sent.append(message)
        return result


@dataclass(frozen=True, slots=True)
class BucketRate:
    """``per_second`` tokens refill continuously up to ``burst``."""

    per_second: float
    burst: float


def bucket_take(
    tokens: float, stamp: float, now: float, rate: BucketRate, count: int
) -> tuple[float, float, float]:
    """The token bucket rule (also in the Redis Lua script): (tokens, stamp, wait) after asking
    for ``count`` at ``now``; ``wait`` is 0.0 when taken."""
    if count > rate.burst:
        raise ValueError(f"cannot take {count} tokens from a bucket of {rate.burst}")
    tokens = min(rate.burst, tokens + max(0.0, now - stamp) * rate.per_second)
    if tokens >= count - 1e-9:  # float dust, not a token
        return tokens - count, now, 0.0
    return tokens, now, (count - tokens) / rate.per_second


class MemoryProviderRateLimit:
    """A token bucket per provider; providers without a configured rate are unlimited."""

    def __init__(self, clock: Clock, rates: Mapping[str, BucketRate] | None = None) -> None:
        self._clock = clock
        self._epoch = clock.now()
        self.rates: dict[str, BucketRate] = dict(rates or {})
        self._buckets: dict[str, tuple[float, float]] = {}
        self.taken: dict[str, int] = {}

    async def acquire(self, provider: str, count: int = 1) -> float:
        rate = self.rates.get(provider)
        if rate is None:
            self.taken[provider] = self.taken.get(provider, 0) + count
            return 0.0
        now = (self._clock.now() - self._epoch).total_seconds()  # small: exact enough
        tokens, stamp = self._buckets.get(provider, (rate.burst, now))
        tokens, stamp, wait = bucket_take(tokens, stamp, now, rate, count)
        self._buckets[provider] = (tokens, stamp)
        if wait == 0.0:
            self.taken[provider] = self.taken.get(provider, 0) + count
        return wait


@dataclass(frozen=True, slots=True)
class BreakerPolicy:
    """Open after ``consecutive_failures`` in a row, or when at least ``min_calls`` calls in the
    last ``window_seconds`` failed at ``failure_ratio`` or more; stay open ``open_seconds``, then
    let one probe through (another after ``probe_seconds`` if it never reports)."""

    consecutive_failures: int = 10
    failure_ratio: float = 0.5
    min_calls: int = 20
    window_seconds: float = 30.0
    open_seconds: float = 30.0
    probe_seconds: float = 10.0


@dataclass(slots=True)
class _Breaker:
    state: str = "closed"  # closed | open | half_open
    until: float = 0.0  # open: closed to calls until; half_open: probe granted until
    consecutive: int = 0
    window_start: float = 0.0
    calls: int = 0
    failures: int = 0


class MemoryCircuitBreaker:
    def __init__(self, clock: Clock, policy: BreakerPolicy | None = None) -> None:
        self._clock = clock
        self.policy = policy or BreakerPolicy()
        self._breakers: dict[str, _Breaker] = {}

    def state(self, provider: str) -> str:
        return self._breakers.get(provider, _Breaker()).state

    async def allow(self, provider: str) -> bool:
        now = self._clock.now().timestamp()
        b = self._breakers.setdefault(provider, _Breaker(window_start=now))
        if b.state == "closed":
            return True
        if now < b.until:
            return False
        # open and expired, or a half-open probe that never reported: grant one probe
        b.state, b.until = "half_open", now + self.policy.probe_seconds
        return True

    async def record(self, provider: str, *, ok: bool) -> None:
        now = self._clock.now().timestamp()
        p = self.policy
        b = self._breakers.setdefault(provider, _Breaker(window_start=now))
        if b.state == "half_open":
            if ok:
                self._breakers[provider] = _Breaker(window_start=now)
            else:
                b.state, b.until = "open", now + p.open_seconds
            return
        if b.state == "open":
            return  # answers of calls started before it opened
        if now - b.window_start >= p.window_seconds:
            b.window_start, b.calls, b.failures = now, 0, 0
        b.calls += 1
        if ok:
            b.consecutive = 0
            return
        b.failures += 1
        b.consecutive += 1
        ratio = b.calls >= p.min_calls and b.failures >= math.ceil(p.failure_ratio * b.calls)
        if b.consecutive >= p.consecutive_failures or ratio:
            self._breakers[provider] = _Breaker(state="open", until=now + p.open_seconds)
