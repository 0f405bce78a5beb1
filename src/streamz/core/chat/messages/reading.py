"""What every history read shares: cursors by seq or id, who is the room's team (sees delayed
messages and who deleted one), pages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from streamz.core.channels.entities import Channel
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


async def is_team(s: MessageServices, actor: Principal, channel: Channel | None) -> bool:
    """Whether ``actor`` is on the team of ``channel``'s chatroom: the system, staff sessions,
    the channel's owner and any of its moderators whatever their permissions (their API tokens
    too). A staff account's API token counts as its owner's membership only (no scope gives
    it staff's view). With no channel: the system and staff sessions only."""
    if actor.is_staff:
        return True
    if channel is None or actor.account_id is None:
        return False
    membership = await s.changes.roles.membership(channel, actor.account_id)
    return membership.is_owner or membership.is_moderator


async def visible_at(s: MessageServices, actor: Principal, room: Room | None) -> datetime | None:
    """None when ``actor`` sees messages held by the chat delay (the room's team,
    ``is_team``); else now."""
    team = await is_team(s, actor, room.channel if room else None)
    return None if team else s.changes.clock.now()


def moderated(message: Message) -> bool:
    """Deleted by someone other than its author (a moderator, staff, the system)."""
    return message.deleted and message.deleted_by != message.author_id


async def as_seen_by(
    s: MessageServices, actor: Principal, rows: list[Message], *, team: bool | None
) -> list[Message]:
    """``rows`` as ``actor`` may see them: who deleted a message is the team's to know.

    - The room's team (``is_team``) sees ``deleted_by`` as stored.
    - Everyone else (anonymous readers, other users, API tokens of users off the team) gets
      ``deleted_by`` None for a message deleted by a moderator, staff or the system; they still
      see ``deleted`` and ``deleted_at`` (and never the content: lists show tombstones).
    - A message its author deleted keeps ``deleted_by`` (the author's own id, already public
      as the message's author) for everyone: it tells readers the author took it back, as the
      live ``chat.message_deleted`` event does.

    ``team``: whether ``actor`` is on the team of the one chatroom of ``rows``; None when
    they come from several chatrooms (checked per channel, only where a row needs it).
    """
    if team or actor.is_staff:
        return rows
    if actor.account_id is None:
        team = False
    teams: dict[uuid.UUID, bool] = {}
    shown = []
    for message in rows:
        hide = False
        if moderated(message):
            if team is None and message.channel_id not in teams:
                channel = await s.changes.channels.get(message.channel_id)
                teams[message.channel_id] = await is_team(s, actor, channel)
            hide = not (team if team is not None else teams[message.channel_id])
        shown.append(replace(message, deleted_by=None) if hide else message)
    return shown


def by_seq(message: Message) -> int:
    return message.seq


def by_id(message: Message) -> uuid.UUID:
    return message.id
