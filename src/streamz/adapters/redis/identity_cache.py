"""Computed chat identities in Redis.

Keys (``p`` the prefix):

- ``p e:{channel}:{account}``: the entry, msgpack of ``(stamp, identity)``, with a TTL;
- ``p c:{channel}``, ``p a:{account}``, ``p p:{channel}:{account}``: version counters of the
  channel (its badge set), the account (its staff role) and the pair (roles, subscription,
  colour). Forgetting is one ``INCR``: for a whole channel as for one account.

A read is one ``MGET`` of the entry and its three counters (one round trip; on a Redis
Cluster, one ``MGET`` per slot, so a ``forget`` landing between them gives at worst what one
``MGET`` just before it would have): the entry is a hit
when the stamp it was stored with equals the counters now. A miss returns the stamp it saw and
the recomputed identity is stored under it, so an identity computed before a ``forget`` that
lands after it is never served. Counters expire a day after their last change: an entry lives
10 minutes at most, so it is gone before a counter it was stamped against can reset.

Redis failures make reads miss (and not store) and writes do nothing, with a warning: chat keeps
working from the database, and entries still expire on their own.
"""

from __future__ import annotations

import uuid

import msgspec
import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from streamz.adapters.redis.client import mget
from streamz.core.chat.chat_identity.cache import CacheLookup
from streamz.core.chat.chat_identity.entities import ChatIdentity

log = structlog.get_logger("streamz.identity_cache")

_Entry = tuple[str, ChatIdentity]
_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(_Entry)


class RedisIdentityCache:
    def __init__(
        self, client: Redis, *, prefix: str = "streamz:identity:", counter_ttl: int = 86_400
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._counter_ttl = counter_ttl

    def _entry(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> str:
        return f"{self._prefix}e:{channel_id}:{account_id}"

    async def get(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> CacheLookup:
        p = self._prefix
        keys = (
            self._entry(channel_id, account_id),
            f"{p}c:{channel_id}",
            f"{p}a:{account_id}",
            f"{p}p:{channel_id}:{account_id}",
        )
        try:
            raw, *counters = await mget(self._client, keys)
        except RedisError as error:
            log.warning("identity cache read failed", error=repr(error))
            return CacheLookup(None, None)
        stamp = ".".join(str(int(c)) if c is not None else "0" for c in counters)
        if isinstance(raw, bytes):
            try:
                seen, identity = _decoder.decode(raw)
            except msgspec.DecodeError:  # written by another version: recompute
                return CacheLookup(None, stamp)
            if seen == stamp:
                return CacheLookup(identity, stamp)
        return CacheLookup(None, stamp)

    async def put(
        self,
        channel_id: uuid.UUID,
        account_id: uuid.UUID,
        identity: ChatIdentity,
        stamp: str,
        ttl: int,
    ) -> None:
        try:
            await self._client.set(
                self._entry(channel_id, account_id), _encoder.encode((stamp, identity)), ex=ttl
            )
        except RedisError as error:
            log.warning("identity cache write failed", error=repr(error))

    async def forget(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> None:
        await self._bump(f"{self._prefix}p:{channel_id}:{account_id}")

    async def forget_channel(self, channel_id: uuid.UUID) -> None:
        await self._bump(f"{self._prefix}c:{channel_id}")

    async def forget_account(self, account_id: uuid.UUID) -> None:
        await self._bump(f"{self._prefix}a:{account_id}")

    async def _bump(self, key: str) -> None:
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.incr(key)
                pipe.expire(key, self._counter_ttl)
                await pipe.execute()
        except RedisError as error:
            log.warning("identity cache invalidation failed", key=key, error=repr(error))
