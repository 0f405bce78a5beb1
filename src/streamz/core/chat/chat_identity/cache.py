"""What the identity cache hands back, how long entries live, and a cache that keeps nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.chat.chat_identity.entities import ChatIdentity

IDENTITY_TTL = 600  # seconds an identity is reused at most (sooner when a subscription ends)


@dataclass(frozen=True, slots=True)
class CacheLookup:
    """One read of the cache: ``identity`` on a hit; on a miss, the ``stamp`` (the versions of
    the inputs seen by that read) to store the recomputed identity under. ``stamp`` None: the
    cache is unavailable, do not store."""

    identity: ChatIdentity | None
    stamp: str | None


class NoIdentityCache:
    """Keeps nothing (the default of use cases built by hand, without a container)."""

    async def get(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> CacheLookup:
        return CacheLookup(None, None)

    async def put(
        self,
        channel_id: uuid.UUID,
        account_id: uuid.UUID,
        identity: ChatIdentity,
        stamp: str,
        ttl: int,
    ) -> None:
        return None

    async def forget(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> None:
        return None

    async def forget_channel(self, channel_id: uuid.UUID) -> None:
        return None

    async def forget_account(self, account_id: uuid.UUID) -> None:
        return None


NO_IDENTITY_CACHE = NoIdentityCache()
