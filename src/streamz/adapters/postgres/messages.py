"""Chat messages and pins on PostgreSQL.

``append`` takes the room's next seq and stores the message in one statement: the upsert of
``chatroom_sequences`` locks the room's counter row until the transaction ends, so concurrent
senders of one room get 1, 2, 3... in commit order, and a rolled-back send gives its number back
(no gap). Every history read walks one index (see models/messages.py).
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

from streamz.adapters.postgres.rows import columns, labelled, mapper, row_mapper
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.chat.bans.entities import Ban, BanKind
from streamz.core.chat.messages.codec import (
    fragments_from_json,
    fragments_to_json,
    identity_from_json,
    identity_to_json,
)
from streamz.core.chat.messages.entities import Message, Pin
from streamz.core.idempotency.errors import IdempotencyKeyInProgress
from streamz.core.social.entities import Follow
from streamz.ports.messages import SenderFacts

COLUMNS = columns(Message)
_PREFIXED = columns(Message, prefix="m.")
_APPEND = f"""
WITH next AS (
    INSERT INTO chatroom_sequences AS s (chatroom_id, last_seq) VALUES ($2, 1)
    ON CONFLICT (chatroom_id) DO UPDATE SET last_seq = s.last_seq + 1
    RETURNING last_seq
)
INSERT INTO chat_messages ({COLUMNS})
SELECT $1, $2, $3, next.last_seq, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL FROM next
RETURNING seq
"""  # noqa: S608 - constant columns


message_from_row = mapper(
    Message,
    convert={"fragments": fragments_from_json, "mentions": tuple, "author": identity_from_json},
)
# A sender's facts in one round trip: one row whatever is found (the empty FROM), each LEFT
# JOIN matching at most one row (the partial unique indexes uq_chat_bans_open and
# uq_channel_subscriptions_active, the follows' key); the same conditions as
# PostgresBans.active, PostgresChannelFollows.get and PostgresSubscriptions.active.
_SENDER_FACTS = (
    "SELECT "  # noqa: S608 - fixed names
    + labelled(Ban, prefix="b.", label="b_")
    + ", "
    + labelled(Follow, prefix="f.", label="f_", rename={"target_id": "channel_id"})
    + ", "
    + labelled(Subscription, prefix="s.", label="s_")
    + " FROM (SELECT) AS one"
    " LEFT JOIN chat_bans b ON b.channel_id = $1 AND b.account_id = $2 AND b.ended_at IS NULL"
    " AND (b.expires_at IS NULL OR b.expires_at > $3)"
    " LEFT JOIN channel_follows f ON f.account_id = $2 AND f.channel_id = $1"
    " LEFT JOIN channel_subscriptions s ON s.channel_id = $1 AND s.account_id = $2"
    " AND s.ended_at IS NULL AND s.ends_at > $3"
)
_fact_ban = row_mapper(Ban, label="b_", convert={"kind": BanKind})
_fact_follow = row_mapper(Follow, label="f_")
_fact_subscription = row_mapper(Subscription, label="s_")
_PIN_COLUMNS = columns(Pin)
_pin = mapper(Pin)


def _page(
    where: str, args: list[Any], key: str, before: Any, after: Any, limit: int
) -> tuple[str, list[Any]]:
    """``SELECT`` of one page by ``key`` under ``where``: after -> ascending, else descending."""
    if after is not None:
        args.append(after)
        where += f" AND {key} > ${len(args)}"
        order = "ASC"
    else:
        if before is not None:
            args.append(before)
            where += f" AND {key} < ${len(args)}"
        order = "DESC"
    args.append(limit)
    sql = f"SELECT {COLUMNS} FROM chat_messages WHERE {where}"  # noqa: S608
    return f"{sql} ORDER BY {key} {order} LIMIT ${len(args)}", args


class PostgresMessages:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def append(self, message: Message) -> Message:
        m = message
        rows = await self._unit.fetch_for_write(
            _APPEND,
            m.id,
            m.chatroom_id,
            m.channel_id,
            m.author_id,
            m.content,
            fragments_to_json(m.fragments),
            list(m.mentions),
            m.reply_to,
            m.thread_id,
            identity_to_json(m.author),
            m.created_at,
            m.visible_at,
        )
        return replace(m, seq=rows[0]["seq"])

    async def get(self, message_id: uuid.UUID) -> Message | None:
        row = await self._unit.fetchrow(
            f"SELECT {COLUMNS} FROM chat_messages WHERE id = $1",  # noqa: S608
            message_id,
        )
        return message_from_row(row) if row else None

    async def sender_facts(
        self, channel_id: uuid.UUID, account_id: uuid.UUID, now: datetime
    ) -> SenderFacts:
        row = await self._unit.fetchrow(_SENDER_FACTS, channel_id, account_id, now)
        assert row is not None
        return SenderFacts(
            ban=None if row["b_id"] is None else _fact_ban(row),
            follow=None if row["f_id"] is None else _fact_follow(row),
            subscription=None if row["s_id"] is None else _fact_subscription(row),
        )

    async def sent_with_key(
        self, author_id: uuid.UUID, key: str, since: datetime
    ) -> Message | None:
        row = await self._unit.fetchrow(
            f"SELECT {_PREFIXED} FROM chat_message_keys k"  # noqa: S608 - constant columns
            " JOIN chat_messages m ON m.id = k.message_id"
            " WHERE k.author_id = $1 AND k.key = $2 AND k.created_at >= $3",
            author_id,
            key,
            since,
        )
        return message_from_row(row) if row else None

    async def remember_key(
        self, author_id: uuid.UUID, key: str, message_id: uuid.UUID, at: datetime, since: datetime
    ) -> None:
        # waits for a concurrent transaction holding the key; an expired key is taken over
        rows = await self._unit.fetch_for_write(
            "INSERT INTO chat_message_keys AS k (author_id, key, message_id, created_at)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT (author_id, key) DO UPDATE"
            " SET message_id = EXCLUDED.message_id, created_at = EXCLUDED.created_at"
            " WHERE k.created_at < $5 RETURNING 1",
            author_id,
            key,
            message_id,
            at,
            since,
        )
        if not rows:
            raise IdempotencyKeyInProgress(
                "a message with this idempotency key is being sent; retry shortly"
            )

    async def forget_keys(self, before: datetime, limit: int) -> int:
        status = await self._unit.execute(
            "DELETE FROM chat_message_keys WHERE (author_id, key) IN ("
            " SELECT author_id, key FROM chat_message_keys WHERE created_at < $1"
            " ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)",
            before,
            limit,
        )
        return int(status.split()[-1])

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
        args: list[Any] = [chatroom_id]
        where = "chatroom_id = $1"
        if author_id is not None:
            args.append(author_id)
            where += f" AND author_id = ${len(args)}"
        if visible_at is not None:
            args.append(visible_at)
            where += f" AND visible_at <= ${len(args)}"
        if thread_id is None:
            sql, args = _page(where, args, "seq", before, after, limit)
            return [message_from_row(r) for r in await self._unit.fetch(sql, *args)]
        # the replies (thread index) and the thread's first message (primary key), one page
        args.append(thread_id)
        thread = len(args)
        order, bound = "DESC", ""
        if after is not None:
            args.append(after)
            order, bound = "ASC", f" AND seq > ${len(args)}"
        elif before is not None:
            args.append(before)
            bound = f" AND seq < ${len(args)}"
        args.append(limit)
        select = f"SELECT {COLUMNS} FROM chat_messages WHERE {where}{bound}"  # noqa: S608
        sql = (
            f"({select} AND thread_id = ${thread} ORDER BY seq {order} LIMIT ${len(args)})"
            f" UNION ALL ({select} AND id = ${thread}) ORDER BY seq {order} LIMIT ${len(args)}"
        )
        return [message_from_row(r) for r in await self._unit.fetch(sql, *args)]

    async def by_author(
        self,
        author_id: uuid.UUID,
        *,
        before: uuid.UUID | None,
        after: uuid.UUID | None,
        limit: int,
        visible_at: datetime | None,
    ) -> list[Message]:
        args: list[Any] = [author_id]
        where = "author_id = $1"
        if visible_at is not None:
            args.append(visible_at)
            where += " AND visible_at <= $2"
        sql, args = _page(where, args, "id", before, after, limit)
        return [message_from_row(r) for r in await self._unit.fetch(sql, *args)]

    async def delete(self, message_id: uuid.UUID, by: uuid.UUID | None, at: datetime) -> bool:
        status = await self._unit.execute(
            "UPDATE chat_messages SET deleted_at = $2, deleted_by = $3"
            " WHERE id = $1 AND deleted_at IS NULL",
            message_id,
            at,
            by,
        )
        return status.endswith(" 1")

    async def purge(
        self, chatroom_id: uuid.UUID, author_id: uuid.UUID, by: uuid.UUID | None, at: datetime
    ) -> list[int]:
        rows = await self._unit.fetch_for_write(
            "UPDATE chat_messages SET deleted_at = $3, deleted_by = $4"
            " WHERE chatroom_id = $1 AND author_id = $2 AND deleted_at IS NULL RETURNING seq",
            chatroom_id,
            author_id,
            at,
            by,
        )
        return sorted(r["seq"] for r in rows)


class PostgresPins:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def get(self, chatroom_id: uuid.UUID) -> Pin | None:
        row = await self._unit.fetchrow(
            f"SELECT {_PIN_COLUMNS} FROM chat_pins WHERE chatroom_id = $1",  # noqa: S608
            chatroom_id,
        )
        return _pin(row) if row else None

    async def put(self, pin: Pin) -> None:
        await self._unit.execute(
            "INSERT INTO chat_pins (chatroom_id, message_id, pinned_by, pinned_at, expires_at)"
            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (chatroom_id) DO UPDATE SET"
            " message_id = EXCLUDED.message_id, pinned_by = EXCLUDED.pinned_by,"
            " pinned_at = EXCLUDED.pinned_at, expires_at = EXCLUDED.expires_at",
            pin.chatroom_id,
            pin.message_id,
            pin.pinned_by,
            pin.pinned_at,
            pin.expires_at,
        )

    async def remove(
        self, chatroom_id: uuid.UUID, *, message_id: uuid.UUID | None = None
    ) -> Pin | None:
        rows = await self._unit.fetch_for_write(
            "DELETE FROM chat_pins WHERE chatroom_id = $1"  # noqa: S608 - fixed names
            " AND ($2::uuid IS NULL OR message_id = $2)"
            f" RETURNING {_PIN_COLUMNS}",
            chatroom_id,
            message_id,
        )
        return _pin(rows[0]) if rows else None

    async def take_expired(self, now: datetime, limit: int) -> list[Pin]:
        # the partial index on pins that expire serves the inner select
        rows = await self._unit.fetch_for_write(
            "DELETE FROM chat_pins WHERE chatroom_id IN ("  # noqa: S608 - fixed names
            " SELECT chatroom_id FROM chat_pins WHERE expires_at <= $1"
            " ORDER BY expires_at, chatroom_id LIMIT $2 FOR UPDATE SKIP LOCKED)"
            f" RETURNING {_PIN_COLUMNS}",
            now,
            limit,
        )
        return sorted(map(_pin, rows), key=lambda p: (p.expires_at, p.chatroom_id))
