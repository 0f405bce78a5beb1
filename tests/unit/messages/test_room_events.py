"""The room event log in memory: which messages were deleted during their chat delay."""

from __future__ import annotations

import uuid

from streamz.core.chat.messages.delete_message import DeleteMessage, DeleteMessageRequest
from streamz.ports.room_events import RoomEventLog
from tests.unit.messages.support import SYSTEM, Chat


async def test_deleted_before_visible_names_only_messages_deleted_while_held() -> None:
    chat = Chat()
    owner = await chat.user("owner")
    fan = await chat.user("fan")
    await chat.user("other")
    for channel in ("owner", "other"):
        await chat.settings(channel, non_moderator_delay_seconds=5)
    held_then_deleted = await chat.send(fan, "owner", "spoiler")
    held = await chat.send(fan, "owner", "still held")
    shown_then_deleted = await chat.send(fan, "owner", "later regret")
    at_once = await chat.send(owner, "owner", "the owner is not delayed")
    elsewhere = await chat.send(fan, "other", "held in another room")

    async def delete(channel: str, message_id: uuid.UUID) -> None:
        await chat.lib.call(DeleteMessage, DeleteMessageRequest(SYSTEM, channel, message_id))

    for message in (held_then_deleted, at_once):
        await delete("owner", message.id)
    await delete("other", elsewhere.id)
    chat.later(seconds=6)
    await delete("owner", shown_then_deleted.id)

    room, other_room = held.chatroom_id, elsewhere.chatroom_id
    ids = [m.id for m in (held_then_deleted, held, shown_then_deleted, at_once, elsewhere)]
    async with chat.lib.container() as scope:
        log = await scope.get(RoomEventLog)
        assert await log.deleted_before_visible(room, [*ids, uuid.uuid4()]) == {
            held_then_deleted.id
        }
        assert await log.deleted_before_visible(other_room, ids) == {elsewhere.id}
        assert await log.deleted_before_visible(room, []) == set()
