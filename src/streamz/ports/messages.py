"""Storage of chat messages and pins."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.chat.bans.entities import Ban
from streamz.core.chat.messages.entities import Message, Pin
from streamz.core.social.entities import Follow


@dataclass(frozen=True, slots=True)
class SenderFacts:
    """What a send asks about its sender in a channel, read together (``sender_facts``)."""

    ban: Ban | None  # the ban or timeout in force (as ``BanRepository.active``)
    follow: Follow | None  # the follow of the channel (as ``ChannelFollowRepository.get``)
    subscription: Subscription | None  # the active one (as ``SubscriptionReader.active``)


class MessageRepository(Protocol):
    async def append(self, message: Message) -> Message:
        """Store ``message`` with the chatroom's next ``seq`` (1, 2, 3... with no gap and no
        duplicate under concurrent senders); the seq is held until the transaction ends."""
        ...

    async def get(self, message_id: uuid.UUID) -> Message | None: ...

    async def sender_facts(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, now: datetime
    ) -> SenderFacts:
        """The account's ban or timeout in force at ``now`` in the channel, its follow of the
        channel and its subscription active at ``now`` (not ended, ``ends_at`` later), in one
        read."""
        ...

    async def sent_with_key(
        self, author_id: uuid.UUID, key: str, since: datetime
    ) -> Message | None:
        """The message ``author_id`` sent with idempotency ``key`` at ``since`` or later."""
        ...

    async def remember_key(
        self, author_id: uuid.UUID, key: str, message_id: uuid.UUID, at: datetime, since: datetime
    ) -> None:
        """Record, in the unit of work, that ``message_id`` was sent with ``key``. If another
        transaction recorded the key at ``since`` or later: ``IdempotencyKeyInProgress``."""
        ...

    async def forget_keys(self, before: datetime, limit: int) -> int:
        """Delete up to ``limit`` keys recorded before ``before`` (in the unit); how many."""
        ...

    async def in_room(
        self,
        chatroom_id: uuid.UUID,
        *,
        author_id: uuid.UUID | None,
        thread_id: uuid.UUID | None,
        before: int | None,
        after: int | None,
        limit: int,
        visible_at: datetime | None,
    ) -> list[Message]:
        """Messages of a room (of one author / of one thread, the thread's first message
        included) by ``seq``: with ``after``, the ``limit`` next ones ascending; otherwise the
        ``limit`` latest before ``before`` (or the newest), descending. ``visible_at``: hide
        messages still held by the chat delay at that moment."""
        ...

    async def by_author(
        self,
        author_id: uuid.UUID,
        *,
        before: uuid.UUID | None,
        after: uuid.UUID | None,
        limit: int,
        visible_at: datetime | None,
    ) -> list[Message]:
        """An author's messages in every room by id (time order), as ``in_room`` pages."""
        ...

    async def delete(self, message_id: uuid.UUID, by: uuid.UUID | None, at: datetime) -> bool:
        """Soft-delete; False when it was deleted already."""
        ...

    async def purge(
        self, chatroom_id: uuid.UUID, author_id: uuid.UUID, by: uuid.UUID | None, at: datetime
    ) -> list[int]:
        """Soft-delete every message of the author in the room; their seqs, ascending."""
        ...


class PinRepository(Protocol):
    async def get(self, chatroom_id: uuid.UUID) -> Pin | None: ...

    async def put(self, pin: Pin) -> None:
        """Pin, replacing the room's pinned message if there is one."""
        ...

    async def remove(
        self, chatroom_id: uuid.UUID, *, message_id: uuid.UUID | None = None
    ) -> Pin | None:
        """Unpin the room's message (only if it is ``message_id``, when given); the removed
        pin, or None when there was none (another transaction may have removed it first)."""
        ...

    async def take_expired(self, now: datetime, limit: int) -> list[Pin]:
        """Remove up to ``limit`` pins whose ``expires_at`` is ``now`` or earlier, earliest
        first, and return them; pins another transaction is taking are skipped (``SKIP
        LOCKED``), so each expired pin is taken once."""
        ...
