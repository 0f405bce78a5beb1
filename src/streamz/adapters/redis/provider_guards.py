"""Provider guards shared by every worker: a token bucket and a circuit breaker per provider.

Each decision is one Lua script on Redis's own clock (``TIME``), so workers on several hosts
agree and the bucket is never exceeded: over any span of ``t`` seconds at most
``burst + rate * t`` tokens are handed out. The rules are those of the memory versions
(``adapters/memory/notification_delivery.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redis.asyncio import Redis

from streamz.adapters.memory.notification_delivery import BreakerPolicy, BucketRate
from streamz.adapters.prometheus.metrics import (
    BREAKER_OPENED,
    BREAKER_REJECTIONS,
    BUCKET_WAIT_SECONDS,
    BUCKET_WAITS,
)

_TAKE = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local count = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(saved[1])
local ts = tonumber(saved[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) / 1000000 * rate)
  ts = now
end
local wait = 0
if tokens >= count - 1e-9 then
  tokens = tokens - count
else
  wait = (count - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens),
  'ts', string.format('%.0f', ts))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return string.format('%.17g', wait)
"""

# state: closed | open | half_open; until: open -> closed to calls until, half_open -> probe
# granted until; window: start, calls, failures; consecutive failures.
_ALLOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local probe_seconds = tonumber(ARGV[1])
local saved = redis.call('HMGET', KEYS[1], 'state', 'until')
local state = saved[1] or 'closed'
if state == 'closed' then
  return 1
end
if now < tonumber(saved[2] or '0') then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'half_open', 'until', tostring(now + probe_seconds))
return 1
"""

_RECORD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local ok = ARGV[1] == '1'
local consecutive_limit = tonumber(ARGV[2])
local ratio = tonumber(ARGV[3])
local min_calls = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local open_seconds = tonumber(ARGV[6])
local ttl = math.ceil((window + open_seconds) * 1000) * 2
local s = redis.call('HMGET', KEYS[1], 'state', 'window_start', 'calls', 'failures', 'consecutive')
local state = s[1] or 'closed'
local function reset_closed()
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'state', 'closed', 'window_start', tostring(now), 'calls', 0,
    'failures', 0, 'consecutive', 0)
  redis.call('PEXPIRE', KEYS[1], ttl)
end
local function open()
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'state', 'open', 'until', tostring(now + open_seconds))
  redis.call('PEXPIRE', KEYS[1], ttl)
end
if state == 'half_open' then
  if ok then reset_closed() else open() end
  return state
end
if state == 'open' then
  return state
end
local window_start = tonumber(s[2] or tostring(now))
local calls = tonumber(s[3] or '0')
local failures = tonumber(s[4] or '0')
local consecutive = tonumber(s[5] or '0')
if now - window_start >= window then
  window_start = now
  calls = 0
  failures = 0
end
calls = calls + 1
if ok then
  consecutive = 0
else
  failures = failures + 1
  consecutive = consecutive + 1
  if consecutive >= consecutive_limit
      or (calls >= min_calls and failures >= math.ceil(ratio * calls)) then
    open()
    return 'opened'
  end
end
redis.call('HSET', KEYS[1], 'state', 'closed', 'window_start', tostring(window_start),
  'calls', calls, 'failures', failures, 'consecutive', consecutive)
redis.call('PEXPIRE', KEYS[1], ttl)
return state
"""


class RedisProviderRateLimit:
    """A token bucket per provider; providers without a configured rate are unlimited."""

    def __init__(
        self,
        client: Redis,
        rates: Mapping[str, BucketRate],
        *,
        prefix: str = "streamz:delivery:bucket:",
    ) -> None:
        self._client = client
        self.rates = dict(rates)
        self._prefix = prefix
        self._take: Any = client.register_script(_TAKE)

    async def acquire(self, provider: str, count: int = 1) -> float:
        rate = self.rates.get(provider)
        if rate is None:
            return 0.0
        if count > rate.burst:
            raise ValueError(f"cannot take {count} tokens from a bucket of {rate.burst}")
        wait = float(
            await self._take(
                keys=[self._prefix + provider],
                args=[repr(rate.per_second), repr(rate.burst), count],
            )
        )
        if wait > 0:
            BUCKET_WAITS.labels(provider).inc()
            BUCKET_WAIT_SECONDS.labels(provider).inc(wait)
        return wait


class RedisCircuitBreaker:
    def __init__(
        self,
        client: Redis,
        policy: BreakerPolicy | None = None,
        *,
        prefix: str = "streamz:delivery:breaker:",
    ) -> None:
        self._client = client
        self.policy = policy or BreakerPolicy()
        self._prefix = prefix
        self._allow: Any = client.register_script(_ALLOW)
        self._record: Any = client.register_script(_RECORD)

    async def allow(self, provider: str) -> bool:
        answer = await self._allow(
            keys=[self._prefix + provider], args=[repr(self.policy.probe_seconds)]
        )
        if int(answer) != 1:
            BREAKER_REJECTIONS.labels(provider).inc()
            return False
        return True

    async def record(self, provider: str, *, ok: bool) -> None:
        p = self.policy
        before = await self._record(
            keys=[self._prefix + provider],
            args=[
                "1" if ok else "0",
                p.consecutive_failures,
                repr(p.failure_ratio),
                p.min_calls,
                repr(p.window_seconds),
                repr(p.open_seconds),
            ],
        )
        if before in ("opened", b"opened") or (not ok and before in ("half_open", b"half_open")):
            BREAKER_OPENED.labels(provider).inc()

    async def state(self, provider: str) -> str:
        raw = await self._client.hget(self._prefix + provider, "state")
        if raw is None:
            return "closed"
        return raw.decode() if isinstance(raw, bytes) else str(raw)
