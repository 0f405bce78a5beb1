"""Who may moderate a chatroom's messages, and what moderation leaves behind."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from streamz.core.channels.access import ChannelAccess, audit, authorize
from streamz.core.channels.audit import ActingAs
from streamz.core.channels.roles import Membership, Permission
from streamz.core.chat.errors import ChatroomNotFound
from streamz.core.chat.messages.entities import Pin
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
    access = await authorize(
        s.channels,
        s.roles,
        actor,
        identifier,
        permission=permission,
        scope=Scope.MODERATION_WRITE,
    )
    chatroom = await s.chatrooms.by_channel(access.channel.id)
    if chatroom is None:
        raise ChatroomNotFound(f"channel {identifier!r} has no chatroom")
    return Room(access.channel, chatroom), access


async def record(
    s: MessageServices,
    access: ChannelAccess | None,
    actor: Principal,
    room: Room,
    topic: str,
    action: str,
    payload: dict[str, Any],
    at: datetime,
) -> None:
    """The durable room event (taking the room's next seq) for clients, and (for moderation,
    ``access`` given) the moderation log entry."""
    ids = {"chatroom_id": str(room.chatroom.id), "channel_id": str(room.channel.id)}
    seq = await s.events(room.chatroom.id, topic, {**ids, **payload}, at)
    ids["seq"] = str(seq)
    if access is not None:
        target = payload.get("author_id")
        await s.audit_log.record(
            audit(
                access,
                actor,
                action,
                at,
                target_account_id=_uuid(target),
                details={**ids, **payload},
            )
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
