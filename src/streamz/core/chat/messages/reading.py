"""What every history read shares: cursors by seq or id, who sees delayed messages, pages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from streamz.core.chat.messages.entities import Message, MessagePage
from streamz.core.chat.messages.services import MessageServices, Room
from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.shared.ids import parse_id
from streamz.core.shared.pages import check_limit, decode_cursor, encode_cursor

K = TypeVar("K")


def _decode(cursor: str | None, name: str, parse: Callable[[str], K | None]) -> K | None:
    if cursor is None:
        return None
    try:
        (raw,) = decode_cursor(cursor, 1)
    except Invalid:
        raise Invalid.field(f"query.{name}", "cursor is malformed") from None
    value = parse(raw)
    if value is None:
        raise Invalid.field(f"query.{name}", "cursor is malformed")
    return value


def _seq(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def seq_bounds(before: str | None, after: str | None, limit: int) -> tuple[int | None, int | None]:
    check_limit(limit)
    if before is not None and after is not None:
        raise Invalid.field("query.after", "give before or after, not both")
    return _decode(before, "before", _seq), _decode(after, "after", _seq)


def id_bounds(
    before: str | None, after: str | None, limit: int
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    check_limit(limit)
    if before is not None and after is not None:
        raise Invalid.field("query.after", "give before or after, not both")
    return _decode(before, "before", parse_id), _decode(after, "after", parse_id)


def page(
    rows: list[Message], limit: int, *, forward: bool, anchored: bool, key: Callable[[Message], K]
) -> MessagePage:
    """``rows``: up to limit+1 from the store (ascending when ``forward``, else descending);
    ``anchored``: the read started from a cursor (so there is something on that side)."""
    more = len(rows) > limit
    data = rows[:limit]
    if not forward:
        data.reverse()
    first = encode_cursor([str(key(data[0]))]) if data else None
    last = encode_cursor([str(key(data[-1]))]) if data else None
    if forward:
        return MessagePage(data, first if anchored else None, last if more else None)
    return MessagePage(data, first if more else None, last if anchored else None)


async def visible_at(s: MessageServices, actor: Principal, room: Room | None) -> datetime | None:
    """None when ``actor`` sees messages held by the chat delay (the room's owner and
    moderators, staff, the system); else now."""
    if actor.is_staff:
        return None
    if room is not None and actor.account_id is not None:
        membership = await s.roles.membership(room.channel, actor.account_id)
        if membership.is_owner or membership.is_moderator:
            return None
    return s.clock.now()


def by_seq(message: Message) -> int:
    return message.seq


def by_id(message: Message) -> uuid.UUID:
    return message.id
