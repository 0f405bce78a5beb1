"""Viewer presence and gateway instance stats in Redis.

Per chatroom topic (keys hash-tagged by room, so a room's keys share a cluster slot):

- ``streamz:presence:{<topic>}:users``: sorted set of account ids, score = when the member
  expires (ms). Every instance re-adds its local users each report with a later expiry, and
  removes users whose last local connection left; a dead instance's users expire.
- ``streamz:presence:{<topic>}:anon``: hash instance -> ``<count>:<expires ms>``.
- ``...:lock`` (one instance counts and publishes per interval), ``...:sample`` (one sample
  per sample interval), ``...:peak`` (most viewers since the previous sample).

Instance stats: ``streamz:gw:stats:<instance>`` (JSON, expires) and the index
``streamz:gw:instances`` (sorted set, score = expiry ms).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from streamz.adapters.redis.client import is_cluster, mget
from streamz.core.errors import Unavailable
from streamz.core.realtime.gateway_stats import InstanceStats
from streamz.core.realtime.viewers import RoomPresence, Tally

PRESENCE = "streamz:presence:"
STATS = "streamz:gw:stats:"
INSTANCES = "streamz:gw:instances"
CHUNK = 1000

# KEYS: users, anon, lock, sample, peak. ARGV: now ms, instance, lock ms, sample ms, keep ms.
_TALLY = """
if not redis.call('SET', KEYS[3], ARGV[2], 'NX', 'PX', ARGV[3]) then return false end
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local users = redis.call('ZCARD', KEYS[1])
local anon = 0
local fields = redis.call('HGETALL', KEYS[2])
for i = 1, #fields, 2 do
  local value = fields[i + 1]
  local sep = string.find(value, ':', 1, true)
  local count = tonumber(string.sub(value, 1, sep - 1))
  if tonumber(string.sub(value, sep + 1)) > now then
    anon = anon + count
  else
    redis.call('HDEL', KEYS[2], fields[i])
  end
end
local viewers = users + anon
local peak = tonumber(redis.call('GET', KEYS[5]) or '0')
if viewers > peak then peak = viewers end
local sample = 0
if redis.call('SET', KEYS[4], ARGV[2], 'NX', 'PX', ARGV[4]) then
  sample = 1
  redis.call('SET', KEYS[5], viewers, 'PX', ARGV[5])
else
  redis.call('SET', KEYS[5], peak, 'PX', ARGV[5])
end
return {users, anon, peak, sample}
"""


def _key(topic: str, part: str) -> str:
    return f"{PRESENCE}{{{topic}}}:{part}"


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class RedisPresence:
    def __init__(self, client: Redis) -> None:
        self._client = client
        self._tally = client.register_script(_TALLY)

    async def report(self, instance: str, rooms: Mapping[str, RoomPresence], ttl: float) -> None:
        if not rooms:
            return
        now = int(time.time() * 1000)
        expires = now + _ms(ttl)
        keep = _ms(ttl * 2)
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                for topic, room in rooms.items():
                    users, anon = _key(topic, "users"), _key(topic, "anon")
                    present = list(room.users)
                    for start in range(0, len(present), CHUNK):
                        pipe.zadd(users, dict.fromkeys(present[start : start + CHUNK], expires))
                    gone = [u for u in room.gone if u not in set(present)]
                    for start in range(0, len(gone), CHUNK):
                        pipe.zrem(users, *gone[start : start + CHUNK])
                    if room.anonymous > 0:
                        pipe.hset(anon, instance, f"{room.anonymous}:{expires}")
                    else:
                        pipe.hdel(anon, instance)
                    pipe.pexpire(users, keep)
                    pipe.pexpire(anon, keep)
                await pipe.execute()
        except (RedisError, OSError) as error:
            raise Unavailable(f"presence report failed: {error!r}") from error

    async def tally(
        self, instance: str, rooms: Sequence[str], every: float, sample_every: float
    ) -> dict[str, Tally]:
        if not rooms:
            return {}
        now = int(time.time() * 1000)
        lock = max(1, int(every * 1000 * 0.8))  # free again before the next interval's tally
        sample = max(1, int(sample_every * 1000 * 0.9))
        keep = max(_ms(sample_every * 3), _ms(every * 3))
        args: list[str | int] = [now, instance, lock, sample, keep]
        parts = ("users", "anon", "lock", "sample", "peak")
        calls = [[_key(topic, part) for part in parts] for topic in rooms]
        try:
            if is_cluster(self._client):  # no scripts in a Cluster pipeline: one call per room
                results = await asyncio.gather(*(self._tally(keys, args) for keys in calls))
            else:
                async with self._client.pipeline(transaction=False) as pipe:
                    for keys in calls:
                        await self._tally(keys, args, client=pipe)
                    results = await pipe.execute()
        except (RedisError, OSError) as error:
            raise Unavailable(f"presence tally failed: {error!r}") from error
        out: dict[str, Tally] = {}
        for topic, result in zip(rooms, results, strict=True):
            if result:
                users, anonymous, peak, sampled = (int(v) for v in result)
                out[topic] = Tally(users, anonymous, peak, bool(sampled))
        return out

    async def leave(self, instance: str, rooms: Mapping[str, Sequence[str]]) -> None:
        if not rooms:
            return
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                for topic, users in rooms.items():
                    present = list(users)
                    for start in range(0, len(present), CHUNK):
                        pipe.zrem(_key(topic, "users"), *present[start : start + CHUNK])
                    pipe.hdel(_key(topic, "anon"), instance)
                await pipe.execute()
        except (RedisError, OSError) as error:
            raise Unavailable(f"presence leave failed: {error!r}") from error


class RedisRoomViewers:
    """Reads the presence sets the gateways keep (``...:users``: member expiry in ms)."""

    def __init__(self, client: Redis) -> None:
        self._client = client

    async def present(
        self, chatroom_id: uuid.UUID, account_ids: Sequence[uuid.UUID]
    ) -> set[uuid.UUID]:
        if not account_ids:
            return set()
        now = int(time.time() * 1000)
        key = _key(f"chatroom:{chatroom_id}", "users")
        try:
            scores = await self._client.zmscore(key, [str(a) for a in account_ids])
        except (RedisError, OSError) as error:
            raise Unavailable(f"presence read failed: {error!r}") from error
        return {a for a, score in zip(account_ids, scores, strict=True) if score and score > now}


class RedisGatewayStats:
    def __init__(self, client: Redis) -> None:
        self._client = client

    async def put(self, stats: InstanceStats, ttl: float) -> None:
        body = asdict(stats)
        body["started_at"] = stats.started_at.isoformat()
        body["updated_at"] = stats.updated_at.isoformat()
        expires = int(time.time() * 1000) + _ms(ttl)
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.set(STATS + stats.instance, json.dumps(body), px=_ms(ttl))
                pipe.zadd(INSTANCES, {stats.instance: expires})
                await pipe.execute()
        except (RedisError, OSError) as error:
            raise Unavailable(f"gateway stats failed: {error!r}") from error

    async def remove(self, instance: str) -> None:
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.delete(STATS + instance)
                pipe.zrem(INSTANCES, instance)
                await pipe.execute()
        except (RedisError, OSError) as error:
            raise Unavailable(f"gateway stats failed: {error!r}") from error

    async def all(self) -> list[InstanceStats]:
        now = int(time.time() * 1000)
        try:
            await self._client.zremrangebyscore(INSTANCES, "-inf", now)
            found = await self._client.zrange(INSTANCES, 0, -1)
            names = [n.decode() if isinstance(n, bytes) else str(n) for n in found]
            raw = await mget(self._client, [STATS + n for n in names]) if names else []
        except (RedisError, OSError) as error:
            raise Unavailable(f"gateway stats failed: {error!r}") from error
        return [_stats(json.loads(item)) for item in raw if item]


def _stats(body: dict[str, Any]) -> InstanceStats:
    body["started_at"] = datetime.fromisoformat(body["started_at"])
    body["updated_at"] = datetime.fromisoformat(body["updated_at"])
    return InstanceStats(**body)
