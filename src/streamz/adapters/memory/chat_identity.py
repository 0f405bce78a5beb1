"""Chosen chat colours (a table of the ``MemoryUnit``) and an identity cache in memory."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.chat.chat_identity.cache import CacheLookup
from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.errors import Conflict
from streamz.ports.clock import Clock

Pair = tuple[uuid.UUID, uuid.UUID]


class MemoryChatColours:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[Pair, tuple[str, datetime]] = unit.tables.table("chat_identity_colours")

    async def get(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> str | None:
        row = self._rows.get((channel_id, account_id))
        return row[0] if row else None

    async def set(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, colour: str, at: datetime
    ) -> None:
        tables = self._unit.tables
        if channel_id not in tables.channels or account_id not in tables.accounts:
            raise Conflict("no such channel or account")  # the foreign keys
        self._rows[(channel_id, account_id)] = (colour, at)

    async def clear(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> None:
        self._rows.pop((channel_id, account_id), None)


class MemoryIdentityCache:
    """The Redis cache's rules in one process: entries stamped with the versions of their
    channel, account and pair, expiring by the clock. One per container (APP scope)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._entries: dict[Pair, tuple[str, ChatIdentity, datetime]] = {}
        self._channels: dict[uuid.UUID, int] = {}
        self._accounts: dict[uuid.UUID, int] = {}
        self._pairs: dict[Pair, int] = {}
        self.reads = 0  # for tests: how many lookups, and how many of them hit
        self.hits = 0

    def _stamp(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> str:
        return ".".join(
            str(v)
            for v in (
                self._channels.get(channel_id, 0),
                self._accounts.get(account_id, 0),
                self._pairs.get((channel_id, account_id), 0),
            )
        )

    async def get(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> CacheLookup:
        self.reads += 1
        stamp = self._stamp(channel_id, account_id)
        entry = self._entries.get((channel_id, account_id))
        if entry is not None and entry[0] == stamp and entry[2] > self._clock.now():
            self.hits += 1
            return CacheLookup(entry[1], stamp)
        return CacheLookup(None, stamp)

    async def put(
        self,
        channel_id: uuid.UUID,
        account_id: uuid.UUID,
        identity: ChatIdentity,
        stamp: str,
        ttl: int,
    ) -> None:
        expires = self._clock.now() + timedelta(seconds=ttl)
        self._entries[(channel_id, account_id)] = (stamp, identity, expires)

    async def forget(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> None:
        pair = (channel_id, account_id)
        self._pairs[pair] = self._pairs.get(pair, 0) + 1

    async def forget_channel(self, channel_id: uuid.UUID) -> None:
        self._channels[channel_id] = self._channels.get(channel_id, 0) + 1

    async def forget_account(self, account_id: uuid.UUID) -> None:
        self._accounts[account_id] = self._accounts.get(account_id, 0) + 1
