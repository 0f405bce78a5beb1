"""Chat messages and pins in memory (tables of the ``MemoryUnit``)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.chat.bans.entities import Ban
from streamz.core.chat.messages.entities import Message, Pin
from streamz.core.errors import Conflict
from streamz.core.idempotency.errors import IdempotencyKeyInProgress
from streamz.core.social.entities import Follow
from streamz.ports.messages import SenderFacts


def _page(rows: list[Message], key: Any, before: Any, after: Any, limit: int) -> list[Message]:
    rows = sorted(rows, key=key)
    if after is not None:
        return [r for r in rows if key(r) > after][:limit]
    if before is not None:
        rows = [r for r in rows if key(r) < before]
    return list(reversed(rows))[:limit]


class MemoryMessages:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, Message] = unit.tables.table("chat_messages")
        self._seqs: dict[uuid.UUID, int] = unit.tables.table("chatroom_sequences")
        # (author, key) -> (message id, recorded at)
        self._keys: dict[tuple[uuid.UUID, str], tuple[uuid.UUID, datetime]] = unit.tables.table(
            "chat_message_keys"
        )

    async def append(self, message: Message) -> Message:
        # the author's foreign key; the chatroom's is not checked (unit tests append to rooms
        # they never created), which Postgres refuses
        if message.author_id not in self._unit.tables.accounts:
            raise Conflict("no such author")
        seq = self._seqs.get(message.chatroom_id, 0) + 1
        self._seqs[message.chatroom_id] = seq
        stored = replace(message, seq=seq)
        self._rows[stored.id] = stored
        return stored

    async def get(self, message_id: uuid.UUID) -> Message | None:
        return self._rows.get(message_id)

    async def sender_facts(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, now: datetime
    ) -> SenderFacts:
        tables = self._unit.tables
        bans: dict[uuid.UUID, Ban] = tables.table("chat_bans")
        follows: dict[tuple[uuid.UUID, uuid.UUID], Follow] = tables.table("channel_follows")
        subscriptions: dict[uuid.UUID, Subscription] = tables.table("channel_subscriptions")
        ban = next(
            (
                b
                for b in bans.values()
                if b.channel_id == channel_id and b.account_id == account_id and b.ended_at is None
            ),
            None,
        )
        return SenderFacts(
            ban=ban if ban is not None and ban.active_at(now) else None,
            follow=follows.get((account_id, channel_id)),
            subscription=next(
                (
                    s
                    for s in subscriptions.values()
                    if s.channel_id == channel_id
                    and s.account_id == account_id
                    and s.active_at(now)
                ),
                None,
            ),
        )

    async def sent_with_key(
        self, author_id: uuid.UUID, key: str, since: datetime
    ) -> Message | None:
        found = self._keys.get((author_id, key))
        if found is None or found[1] < since:
            return None
        return self._rows.get(found[0])

    async def remember_key(
        self, author_id: uuid.UUID, key: str, message_id: uuid.UUID, at: datetime, since: datetime
    ) -> None:
        if author_id not in self._unit.tables.accounts:
            raise Conflict("no such author")  # the foreign key
        found = self._keys.get((author_id, key))
        if found is not None and found[1] >= since:
            raise IdempotencyKeyInProgress(
                "a message with this idempotency key is being sent; retry shortly"
            )
        self._keys[(author_id, key)] = (message_id, at)

    async def forget_keys(self, before: datetime, limit: int) -> int:
        # the oldest first, as Postgres deletes them
        old = sorted((at, k) for k, (_, at) in self._keys.items() if at < before)[:limit]
        for _, k in old:
            del self._keys[k]
        return len(old)

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
        rows = [
            r
            for r in self._rows.values()
            if r.chatroom_id == chatroom_id
            and (author_id is None or r.author_id == author_id)
            and (thread_id is None or thread_id in (r.thread_id, r.id))
            and (visible_at is None or r.visible_at <= visible_at)
        ]
        return _page(rows, lambda r: r.seq, before, after, limit)

    async def by_author(
        self,
        author_id: uuid.UUID,
        *,
        before: uuid.UUID | None,
        after: uuid.UUID | None,
        limit: int,
        visible_at: datetime | None,
    ) -> list[Message]:
        rows = [
            r
            for r in self._rows.values()
            if r.author_id == author_id and (visible_at is None or r.visible_at <= visible_at)
        ]
        return _page(rows, lambda r: r.id, before, after, limit)

    async def delete(self, message_id: uuid.UUID, by: uuid.UUID | None, at: datetime) -> bool:
        row = self._rows.get(message_id)
        if row is None or row.deleted_at is not None:
            return False
        self._rows[message_id] = replace(row, deleted_at=at, deleted_by=by)
        return True

    async def purge(
        self, chatroom_id: uuid.UUID, author_id: uuid.UUID, by: uuid.UUID | None, at: datetime
    ) -> list[int]:
        seqs = []
        for row in list(self._rows.values()):
            if row.chatroom_id == chatroom_id and row.author_id == author_id and not row.deleted:
                self._rows[row.id] = replace(row, deleted_at=at, deleted_by=by)
                seqs.append(row.seq)
        return sorted(seqs)


class MemoryPins:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, Pin] = unit.tables.table("chat_pins")

    async def get(self, chatroom_id: uuid.UUID) -> Pin | None:
        return self._rows.get(chatroom_id)

    async def put(self, pin: Pin) -> None:
        tables = self._unit.tables
        if pin.chatroom_id not in tables.chatrooms or pin.message_id not in tables.table(
            "chat_messages"
        ):
            raise Conflict("no such chatroom or message")  # the foreign keys
        self._rows[pin.chatroom_id] = pin

    async def remove(
        self, chatroom_id: uuid.UUID, *, message_id: uuid.UUID | None = None
    ) -> Pin | None:
        pin = self._rows.get(chatroom_id)
        if pin is None or (message_id is not None and pin.message_id != message_id):
            return None
        return self._rows.pop(chatroom_id)

    async def take_expired(self, now: datetime, limit: int) -> list[Pin]:
        expired = sorted(
            (p for p in self._rows.values() if p.expires_at is not None and p.expires_at <= now),
            key=lambda p: (p.expires_at, p.chatroom_id),
        )[:limit]
        for pin in expired:
            del self._rows[pin.chatroom_id]
        return expired
