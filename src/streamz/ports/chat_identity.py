"""Chosen chat colours, and the cache of computed chat identities."""

import uuid
from datetime import datetime
from typing import Protocol

from streamz.core.chat.chat_identity.cache import CacheLookup
from streamz.core.chat.chat_identity.entities import ChatIdentity


class ChatColourRepository(Protocol):
    """The colour an account chose for its name in one channel's chat."""

    async def get(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> str | None:
        """``"#RRGGBB"``, or None when the account chose none there."""
        ...

    async def set(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, colour: str, at: datetime
    ) -> None:
        """Choose (or replace) the colour."""
        ...

    async def clear(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> None:
        """Back to the derived colour; no chosen colour is not an error."""
        ...


class IdentityCache(Protocol):
    """Computed identities by (channel, account), shared by every process.

    Entries expire on their own (``ttl``) and are dropped by the ``forget*`` calls, which
    writers make after committing a change of an input. A read is one round trip at most. A
    failing cache behaves as empty: reads miss (stamp None) and writes do nothing.
    """

    async def get(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> CacheLookup: ...

    async def put(
        self,
        channel_id: uuid.UUID,
        account_id: uuid.UUID,
        identity: ChatIdentity,
        stamp: str,
        ttl: int,
    ) -> None:
        """Store ``identity`` for ``ttl`` seconds under the ``stamp`` its miss returned: if any
        ``forget*`` ran since that read, the entry is never served."""
        ...

    async def forget(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> None:
        """The account's identity in that channel (a role, subscription or colour changed)."""
        ...

    async def forget_channel(self, channel_id: uuid.UUID) -> None:
        """Every identity in the channel (its badge set changed)."""
        ...

    async def forget_account(self, account_id: uuid.UUID) -> None:
        """The account's identity in every channel (its staff role changed)."""
        ...
