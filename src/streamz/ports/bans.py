"""Storage of chat bans and timeouts (``active`` is what message sends use)."""

import uuid
from datetime import datetime
from typing import Protocol

from streamz.core.chat.bans.entities import Ban


class BanRepository(Protocol):
    async def active(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, now: datetime
    ) -> Ban | None:
        """The ban or timeout in force at ``now`` (a ban wins over a timeout), in one query."""
        ...

    async def current(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, *, lock: bool = False
    ) -> Ban | None:
        """The account's open row in the channel (not ended; a timeout may have run out).
        ``lock``: first lock the channel's bans until the transaction ends, so concurrent
        writers of one channel queue up and each sees the row the previous one left."""
        ...

    async def add(self, ban: Ban) -> None:
        """A second open row for the same channel and account raises ``BanConflict``."""
        ...

    async def end(self, ban_id: uuid.UUID, at: datetime, by: uuid.UUID | None) -> None:
        """Close a row (lifted or replaced): it stays as history."""
        ...

    async def claim_expired(self, now: datetime, limit: int) -> list[Ban]:
        """Open timeouts that ran out by ``now``, oldest expiry first, locked for this
        transaction (concurrent claimers skip them)."""
        ...

    async def list_active(
        self, channel_id: uuid.UUID, *, now: datetime, limit: int, before: uuid.UUID | None
    ) -> list[Ban]:
        """Bans and timeouts in force at ``now``, newest first; ``before`` is the id of the
        last row of the previous page."""
        ...
