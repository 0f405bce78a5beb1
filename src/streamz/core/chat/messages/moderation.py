"""Who may moderate a chatroom's messages, and what moderation leaves behind."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from streamz.core.channels.access import ChannelAccess
from streamz.core.channels.audit import ActingAs
from streamz.core.channels.roles import Membership, Permission
from streamz.core.chat.errors import ChatroomNotFound
from streamz.core.chat.messages.entities import Pin
from streamz.core.chat.messages.events import UNPINNED, pin_payload
from streamz.core.chat.messages.services import MessageServices, Room
from streamz.core.identity.entities import Principal, PrincipalKind, Role, Scope


async def moderate(
    s: MessageServices, actor: Principal, identifier: str, permission: Permission
) -> tuple[Room, ChannelAccess]:
    """The room, if ``actor`` may moderate its messages: the owner, a moderator with
    ``permission``, a staff account (acting as staff), the system; API tokens need
    ``moderation:write``. Anyone else: ``Forbidden``."""
    if actor.kind is PrincipalKind.USER and actor.role is Role.STAFF:
        room = await s.room(identifier)
        return room, ChannelAccess(room.channel, Membership.none(), ActingAs.STAFF)
    access = await s.changes.authorize(
        actor, identifier, permission=permission, scope=Scope.MODERATION_WRITE
    )
    chatroom = await s.chatrooms.by_channel(access.channel.id)
    if chatroom is None:
        raise ChatroomNotFound(f"channel {identifier!r} has no chatroom")
    return Room(access.channel, chatroom), access


async def commit(
    s: MessageServices,
    access: ChannelAccess | None,
    actor: Principal,
    room: Room,
    topic: str,
    action: str,
    payload: dict[str, Any],
    at: datetime,
    *,
    unpinned: Pin | None = None,
) -> None:
    """The durable room event (taking the room's next seq) for clients, then
    ``chat.message_unpinned`` if the change took the pin down, and commits; moderation
    (``access`` given) goes to the moderation log with its event's seq."""
    ids = {"chatroom_id": str(room.chatroom.id), "channel_id": str(room.channel.id)}
    seq = await s.events(room.chatroom.id, topic, {**ids, **payload}, at)
    if unpinned is not None:
        await s.events(room.chatroom.id, UNPINNED, {**ids, **pin_payload(unpinned)}, at)
    if access is None:
        await s.changes.uow.commit()
        return
    await s.changes.commit(
        access,
        actor,
        action,
        target_account_id=_uuid(payload.get("author_id")),
        details={**ids, "seq": str(seq), **payload},
        at=at,
    )


async def unpin_if_pinned(
    s: MessageServices, room: Room, message_id: uuid.UUID, now: datetime
) -> Pin | None:
    """Remove the room's pin if it pins ``message_id`` and has not expired; the removed pin,
    or None (not pinned, expired: ``ExpirePins`` announces it, or taken meanwhile by another
    transaction: that one announces it)."""
    pin = await s.pins.get(room.chatroom.id)
    if pin is None or pin.message_id != message_id or not pin.active_at(now):
        return None
    return await s.pins.remove(room.chatroom.id, message_id=message_id)


def _uuid(value: object) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None
