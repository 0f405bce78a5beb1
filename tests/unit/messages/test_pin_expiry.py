"""Pins that run out: gone for reads at ``expires_at``, taken down and announced once."""

from __future__ import annotations

from typing import Any

import pytest

from streamz.core.chat.messages import errors
from streamz.core.chat.messages.delete_message import DeleteMessage, DeleteMessageRequest
from streamz.core.chat.messages.expire_pins import ExpirePins, ExpirePinsRequest
from streamz.core.chat.messages.get_pin import GetPin, GetPinRequest
from streamz.core.chat.messages.pin_message import PinMessage, PinMessageRequest
from streamz.core.chat.messages.purge_messages import PurgeMessages, PurgeMessagesRequest
from streamz.core.chat.messages.unpin_message import UnpinMessage, UnpinMessageRequest
from streamz.core.errors import Forbidden
from streamz.core.identity.entities import Principal
from tests.unit.messages.support import SYSTEM, Chat, database

ANON = Principal.anonymous()


@pytest.fixture
async def chat() -> Chat:
    return Chat()


async def _expire(chat: Chat) -> int:
    return await chat.lib.call(ExpirePins, ExpirePinsRequest(SYSTEM))


async def _pin_events(chat: Chat) -> list[tuple[str, dict[str, Any]]]:
    db = await database(chat)
    return [(e.topic, e.payload) for e in db.tables.outbox if e.topic.endswith("pinned")]


async def test_a_pin_is_gone_at_expires_at_and_announced_once(chat: Chat) -> None:
    owner = await chat.user("owner")
    sent = await chat.send(owner, "owner", "giveaway at 9")
    pin = await chat.lib.call(PinMessage, PinMessageRequest(owner, "owner", sent.id, 30))
    chat.later(seconds=29)
    assert await _expire(chat) == 0
    assert (await chat.lib.call(GetPin, GetPinRequest(ANON, "owner"))).message.id == sent.id
    chat.later(seconds=1)  # now == expires_at: gone
    with pytest.raises(errors.PinNotFound):
        await chat.lib.call(GetPin, GetPinRequest(ANON, "owner"))
    with pytest.raises(errors.PinNotFound):
        await chat.lib.call(UnpinMessage, UnpinMessageRequest(owner, "owner"))
    assert await _expire(chat) == 1
    assert await _expire(chat) == 0
    (_, pinned), (topic, unpinned) = await _pin_events(chat)
    assert topic == "chat.message_unpinned"
    assert unpinned["expired"] is True
    assert unpinned["message_id"] == str(sent.id)
    assert unpinned["pinned_by"] == str(owner.account_id)
    assert unpinned["channel_id"] == pinned["channel_id"]
    assert unpinned["seq"] == pinned["seq"] + 1
    assert pin.pin.expires_at is not None
    assert unpinned["expires_at"] == pin.pin.expires_at.isoformat()
    with pytest.raises(Forbidden):
        await chat.lib.call(ExpirePins, ExpirePinsRequest(owner))


async def test_deleting_or_purging_after_expiry_leaves_the_announcement_to_expiry(
    chat: Chat,
) -> None:
    owner = await chat.user("owner")
    fan = await chat.user("fan")
    first = await chat.send(fan, "owner", "first")
    second = await chat.send(fan, "owner", "second")
    await chat.lib.call(PinMessage, PinMessageRequest(owner, "owner", first.id, 10))
    chat.later(seconds=11)
    await chat.lib.call(DeleteMessage, DeleteMessageRequest(owner, "owner", first.id))
    assert [topic for topic, _ in await _pin_events(chat)] == ["chat.message_pinned"]
    assert await _expire(chat) == 1

    await chat.lib.call(PinMessage, PinMessageRequest(owner, "owner", second.id, 10))
    chat.later(seconds=11)
    await chat.lib.call(PurgeMessages, PurgeMessagesRequest(owner, "owner", "fan"))
    assert await _expire(chat) == 1
    topics = [topic for topic, _ in await _pin_events(chat)]
    assert topics == ["chat.message_pinned", "chat.message_unpinned"] * 2


async def test_a_pin_still_in_force_is_taken_down_by_deletion_not_by_expiry(chat: Chat) -> None:
    owner = await chat.user("owner")
    sent = await chat.send(owner, "owner", "brb")
    await chat.lib.call(PinMessage, PinMessageRequest(owner, "owner", sent.id, 10))
    await chat.lib.call(DeleteMessage, DeleteMessageRequest(owner, "owner", sent.id))
    chat.later(seconds=11)
    assert await _expire(chat) == 0
    (_, _), (topic, unpinned) = await _pin_events(chat)
    assert (topic, "expired" in unpinned) == ("chat.message_unpinned", False)
