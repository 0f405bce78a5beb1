"""Slow mode, unique chat and the chat rate limit in Redis, decided by one Lua script.

The rate limit is a sliding window log: a sorted set per (room, sender) of the admission times
(Redis server time, so every API process agrees). The script runs atomically, so two
concurrent sends can never both take the last slot: at most ``limit`` admissions fall in any
window of ``window`` milliseconds. Slow mode and unique chat are keys with a TTL, checked and
set in the same script, so the message that passes is the one recorded.

The three keys of a call share the room's hash tag, so the script runs on a Redis Cluster too.

Redis unreachable: ``Unavailable`` (the limits cannot be checked, so nothing is admitted).
"""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from streamz.adapters.redis.client import reachable
from streamz.ports.chat_throttle import Decision, Throttle, Verdict

# KEYS: rate zset, slow key, unique key (or a dummy). ARGV: record (0/1), window ms, limit,
# slow ms, unique ms, member suffix, check unique (0/1).
# Returns {verdict, retry_after_ms or remaining}.
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local record = ARGV[1] == '1'
local window, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
local slow, unique = tonumber(ARGV[4]), tonumber(ARGV[5])
if slow > 0 then
  local ttl = redis.call('PTTL', KEYS[2])
  if ttl > 0 then return {1, ttl} end
end
if unique > 0 and ARGV[7] == '1' then
  local ttl = redis.call('PTTL', KEYS[3])
  if ttl > 0 then return {2, ttl} end
end
if not record then return {0, 0} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, count - limit, 'WITHSCORES')
  return {3, tonumber(oldest[#oldest]) + window - now}
end
redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[6])
redis.call('PEXPIRE', KEYS[1], window + 1000)
if slow > 0 then redis.call('SET', KEYS[2], '1', 'PX', slow) end
if unique > 0 then redis.call('SET', KEYS[3], '1', 'PX', unique) end
return {0, limit - count - 1}
"""
_VERDICTS = (Verdict.ADMITTED, Verdict.SLOW, Verdict.DUPLICATE, Verdict.RATE)


def chat_keys(prefix: str, room: uuid.UUID, account: uuid.UUID, unique: str | None) -> list[str]:
    """The script's keys, tagged with the room (``{room}``): one Cluster slot for a call."""
    tag = f"{prefix}{{{room}}}:"
    return [f"{tag}rate:{account}", f"{tag}slow:{account}", f"{tag}uniq:{unique or '-'}"]


class RedisChatThrottle:
    def __init__(self, client: Redis, *, prefix: str = "streamz:chat:") -> None:
        self._client = client
        self._prefix = prefix
        self._script = client.register_script(_SCRIPT)

    async def peek(
        self, chatroom_id: uuid.UUID, account_id: uuid.UUID, throttle: Throttle
    ) -> Decision:
        return await self._run(chatroom_id, account_id, throttle, record=False)

    async def admit(
        self, chatroom_id: uuid.UUID, account_id: uuid.UUID, throttle: Throttle
    ) -> Decision:
        return await self._run(chatroom_id, account_id, throttle, record=True)

    async def _run(
        self, room: uuid.UUID, account: uuid.UUID, throttle: Throttle, *, record: bool
    ) -> Decision:
        keys = chat_keys(self._prefix, room, account, throttle.unique_key)
        args = [
            1 if record else 0,
            throttle.window_seconds * 1000,
            throttle.limit,
            throttle.slow_seconds * 1000,
            throttle.unique_seconds * 1000 if throttle.unique_key else 0,
            uuid.uuid4().hex,
            1 if throttle.unique_check else 0,
        ]
        with reachable("the chat throttle"):  # not enforceable: no message goes through
            code, value = await self._script(keys=keys, args=args)
        verdict = _VERDICTS[int(code)]
        if verdict is Verdict.ADMITTED:
            return Decision(verdict, 0, max(0, int(value)))
        return Decision(verdict, max(1, int(value)), 0)
