"""Storage of chatroom blocked terms and of the version of each channel's term set."""

import uuid
from typing import Protocol

from streamz.core.chat.blocked_terms.entities import BlockedTerm, BlockedTerms


class BlockedTermRepository(Protocol):
    async def list_for(self, channel_id: uuid.UUID, *, lock: bool = False) -> BlockedTerms:
        """The channel's terms, oldest first, with the set's version (0 when never changed).
        ``lock``: also lock the channel's terms until the transaction ends, so concurrent
        writers (limit, duplicates, version) queue up."""
        ...

    async def version(self, channel_id: uuid.UUID) -> int:
        """The version of the channel's term set (0 when never changed): one cheap read."""
        ...

    async def add(self, term: BlockedTerm) -> None:
        """The same matching key twice in a channel raises ``BlockedTermExists``."""
        ...

    async def remove(self, term_id: uuid.UUID) -> None: ...

    async def bump(self, channel_id: uuid.UUID) -> int:
        """Add one to the channel's version; the new version."""
        ...
