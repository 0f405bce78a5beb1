"""Concurrent connections per client address, counted across instances in Redis.

Keys (one hash tag: a script touches a single cluster slot):

- ``streamz:{conn}:k:<key>``: hash instance -> connections that instance holds for ``key``.
- ``streamz:{conn}:instances``: hash instance -> when its counts stop counting (Redis ms).

``acquire`` is one script: it extends this instance's lease, drops the counts of instances
whose lease ran out, sums the rest and takes a slot if the sum is under the limit. Every
``heartbeat_seconds`` an instance extends its lease and writes its own counts again (which
also heals a release that did not reach Redis). A dead instance's connections stop counting
``ttl_seconds`` after its last write, and a key expires ``ttl_seconds`` after its last write.

When Redis cannot be reached, connections are let in (a warning is logged) and counted here;
the next heartbeat writes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger("streamz.connection_slots")
PREFIX = "streamz:{conn}:"
CHUNK = 500  # keys per heartbeat script call

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: the key's hash, the instances' leases. ARGV: instance, limit, ttl ms.
_ACQUIRE = (
    _NOW
    + """
local ttl = tonumber(ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], now + ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
local total = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local lease = tonumber(redis.call('HGET', KEYS[2], fields[i]) or '0')
  if lease > now then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
if total >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
"""
)

# KEYS: the key's hash. ARGV: instance.
_RELEASE = """
local held = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if held <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return held
"""

# KEYS: the instances' leases, then keys' hashes. ARGV: instance, ttl ms, then one count per
# key (-1: an acquire or release is under way, only extend the key's life).
_BEAT = (
    _NOW
    + """
local ttl = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], now + ttl)
redis.call('PEXPIRE', KEYS[1], ttl)
local leases = redis.call('HGETALL', KEYS[1])
for i = 1, #leases, 2 do
  if tonumber(leases[i + 1]) <= now then redis.call('HDEL', KEYS[1], leases[i]) end
end
for i = 2, #KEYS do
  local held = tonumber(ARGV[i + 1])
  if held > 0 then
    redis.call('HSET', KEYS[i], ARGV[1], held)
    redis.call('PEXPIRE', KEYS[i], ttl)
  elseif held == 0 then
    redis.call('HDEL', KEYS[i], ARGV[1])
  elseif redis.call('HEXISTS', KEYS[i], ARGV[1]) == 1 then
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
end
return 1
"""
)


class RedisConnectionSlots:
    def __init__(
        self,
        client: Redis,
        *,
        instance: str | None = None,
        heartbeat_seconds: float = 10.0,
        ttl_seconds: float = 30.0,
        prefix: str = PREFIX,
    ) -> None:
        self._client = client
        self.instance = instance or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._every = heartbeat_seconds
        self._ttl_ms = max(1, int(ttl_seconds * 1000))
        self._prefix = prefix
        self._instances = f"{prefix}instances"
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)
        self._beat = client.register_script(_BEAT)
        self._held: dict[str, int] = {}  # key -> connections here (0: Redis still to be told)
        self._busy: dict[str, int] = {}  # key -> acquires/releases awaiting Redis
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    def _key(self, key: str) -> str:
        return f"{self._prefix}k:{key}"

    async def acquire(self, key: str, limit: int) -> bool:
        if self._task is None and not self._closed:
            self._task = asyncio.create_task(self._beat_forever(), name="connection-slots")
        self._busy[key] = self._busy.get(key, 0) + 1
        try:
            keys = [self._key(key), self._instances]
            taken = bool(await self._acquire(keys=keys, args=[self.instance, limit, self._ttl_ms]))
        except (RedisError, OSError) as error:
            log.warning("connection cap not checked: Redis failed", error=repr(error))
            taken = True
        finally:
            self._unbusy(key)
        if taken:
            self._held[key] = self._held.get(key, 0) + 1
        else:
            self._settle(key)
        return taken

    async def release(self, key: str) -> None:
        self._held[key] = max(0, self._held.get(key, 0) - 1)
        if self._closed:
            self._settle(key)
            return
        self._busy[key] = self._busy.get(key, 0) + 1
        try:
            await self._release(keys=[self._key(key)], args=[self.instance])
        except (RedisError, OSError) as error:  # the next heartbeat writes the count
            log.warning("connection slot not released in Redis", error=repr(error))
            return
        finally:
            self._unbusy(key)
        self._settle(key)

    def _unbusy(self, key: str) -> None:
        busy = self._busy.get(key, 0) - 1
        if busy > 0:
            self._busy[key] = busy
        else:
            self._busy.pop(key, None)

    def _settle(self, key: str) -> None:
        """Forget ``key`` once nothing is held and Redis agrees."""
        if self._held.get(key) == 0 and key not in self._busy:
            del self._held[key]

    async def heartbeat(self) -> None:
        """Extend this instance's lease and write its counts (every ``heartbeat_seconds``)."""
        snapshot = [(k, -1 if k in self._busy else n) for k, n in self._held.items()]
        for start in range(0, max(len(snapshot), 1), CHUNK):
            chunk = snapshot[start : start + CHUNK]
            keys = [self._instances, *(self._key(k) for k, _ in chunk)]
            await self._beat(keys=keys, args=[self.instance, self._ttl_ms, *(n for _, n in chunk)])
            for key, held in chunk:
                if held == 0 and self._held.get(key) == 0 and key not in self._busy:
                    del self._held[key]

    async def _beat_forever(self) -> None:
        while not self._closed:
            await asyncio.sleep(self._every)
            try:
                await self.heartbeat()
            except (RedisError, OSError) as error:
                log.warning("connection slots heartbeat failed", error=repr(error))

    async def aclose(self) -> None:
        """Stop the heartbeat and take this instance's counts out of Redis."""
        self._closed = True
        task = self._task
        # cancelled again while it runs: a Redis call may turn a cancellation into its own
        # error, which the loop would log and go on from
        while task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task], timeout=1.0)
        held, self._held = list(self._held), {}
        with contextlib.suppress(RedisError, OSError):
            async with self._client.pipeline(transaction=False) as pipe:
                for key in held:
                    pipe.hdel(self._key(key), self.instance)
                pipe.hdel(self._instances, self.instance)
                await pipe.execute()
