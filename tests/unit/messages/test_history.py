"""Deleting, purging, pinning and the four history shapes with their cursors."""

from __future__ import annotations

import uuid

import pytest

from streamz.core.channels.roles import ChannelRole
from streamz.core.chat.messages import errors
from streamz.core.chat.messages.delete_message import DeleteMessage, DeleteMessageRequest
from streamz.core.chat.messages.get_pin import GetPin, GetPinRequest
from streamz.core.chat.messages.list_messages import ListMessages, ListMessagesRequest
from streamz.core.chat.messages.list_thread import ListThread, ListThreadRequest
from streamz.core.chat.messages.list_user_messages import (
    ListUserMessages,
    ListUserMessagesRequest,
)
from streamz.core.chat.messages.pin_message import PinMessage, PinMessageRequest
from streamz.core.chat.messages.purge_messages import PurgeMessages, PurgeMessagesRequest
from streamz.core.chat.messages.unpin_message import UnpinMessage, UnpinMessageRequest
from streamz.core.errors import Forbidden, Invalid
from streamz.core.identity.entities import Principal, Role
from tests.unit.messages.support import SYSTEM, Chat, topics

ANON = Principal.anonymous()


@pytest.fixture
async def chat() -> Chat:
    return Chat()


async def _delete(chat: Chat, actor: Principal, message_id: uuid.UUID) -> None:
    await chat.lib.call(DeleteMessage, DeleteMessageRequest(actor, "owner", message_id))


async def test_room_history_pages_both_ways(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    for n in range(1, 8):
        await chat.send(fan, "owner", f"m{n}")
    latest = await chat.lib.call(ListMessages, ListMessagesRequest(ANON, "owner", limit=3))
    assert [m.seq for m in latest.data] == [5, 6, 7]
    assert latest.after is None
    assert latest.before is not None
    older = await chat.lib.call(
        ListMessages, ListMessagesRequest(ANON, "owner", limit=3, before=latest.before)
    )
    assert [m.seq for m in older.data] == [2, 3, 4]
    assert older.after is not None
    oldest = await chat.lib.call(
        ListMessages, ListMessagesRequest(ANON, "owner", limit=3, before=older.before)
    )
    assert [m.seq for m in oldest.data] == [1]
    assert oldest.before is None
    newer = await chat.lib.call(
        ListMessages, ListMessagesRequest(ANON, "owner", limit=3, after=oldest.after)
    )
    assert [m.seq for m in newer.data] == [2, 3, 4]
    assert newer.after is not None
    with pytest.raises(Invalid):
        await chat.lib.call(ListMessages, ListMessagesRequest(ANON, "owner", before="nope"))
    with pytest.raises(Invalid):
        await chat.lib.call(
            ListMessages, ListMessagesRequest(ANON, "owner", before=older.before, after=older.after)
        )


async def test_user_in_room_user_everywhere_and_threads(chat: Chat) -> None:
    await chat.user("owner")
    await chat.user("other")
    fan = await chat.user("fan")
    friend = await chat.user("friend")
    root = await chat.send(fan, "owner", "root")
    await chat.send(friend, "owner", "noise")
    reply = await chat.send(friend, "owner", "reply", root.id)
    await chat.send(fan, "other", "elsewhere")
    await chat.send(fan, "owner", "reply two", reply.id)
    mine = await chat.lib.call(ListMessages, ListMessagesRequest(ANON, "owner", user="fan"))
    assert [m.content for m in mine.data] == ["root", "reply two"]
    everywhere = await chat.lib.call(ListUserMessages, ListUserMessagesRequest(ANON, "fan"))
    assert [m.content for m in everywhere.data] == ["root", "elsewhere", "reply two"]
    thread = await chat.lib.call(ListThread, ListThreadRequest(ANON, "owner", reply.id))
    assert [m.content for m in thread.data] == ["root", "reply", "reply two"]
    with pytest.raises(errors.MessageNotFound):
        await chat.lib.call(ListThread, ListThreadRequest(ANON, "other", reply.id))


async def test_authors_delete_for_ten_minutes_moderators_always(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    other = await chat.user("other")
    mod = await chat.user("mod")
    await chat.grant("owner", "mod", ChannelRole.MODERATOR)
    first = await chat.send(fan, "owner", "oops")
    second = await chat.send(fan, "owner", "later")
    await _delete(chat, fan, first.id)
    with pytest.raises(Forbidden):
        await _delete(chat, other, second.id)
    chat.later(minutes=11)
    with pytest.raises(errors.MessageNotDeletable):
        await _delete(chat, fan, second.id)
    await _delete(chat, mod, second.id)
    page = await chat.lib.call(ListMessages, ListMessagesRequest(ANON, "owner"))
    assert [(m.seq, m.deleted) for m in page.data] == [(1, True), (2, True)]
    assert [m.deleted_by for m in page.data] == [fan.account_id, None]  # a moderator's: team only
    team = await chat.lib.call(ListMessages, ListMessagesRequest(mod, "owner"))
    assert team.data[1].deleted_by == mod.account_id
    assert (await topics(chat)).count("chat.message_deleted") == 2


async def test_a_moderator_without_delete_permission_cannot(chat: Chat) -> None:
    await chat.user("owner")
    fan = await chat.user("fan")
    mod = await chat.user("mod")
    await chat.grant("owner", "mod", ChannelRole.MODERATOR, "ban")
    sent = await chat.send(fan, "owner", "hi")
    with pytest.raises(Forbidden):
        await _delete(chat, mod, sent.id)
    staff = Principal(fan.kind, (await chat.user("boss")).account_id, Role.STAFF)
    await _delete(chat, staff, sent.id)


async def test_purge_deletes_one_users_messages_in_the_room(chat: Chat) -> None:
    await chat.user("owner")
    await chat.user("other")
    fan = await chat.user("fan")
    for text in ("a", "b", "c"):
        await chat.send(fan, "owner", text)
    kept = await chat.send(fan, "other", "kept")
    purged = await chat.lib.call(PurgeMessages, PurgeMessagesRequest(SYSTEM, "owner", "fan"))
    assert purged.deleted == 3
    page = await chat.lib.call(ListUserMessages, ListUserMessagesRequest(ANON, "fan"))
    assert [m.deleted for m in page.data] == [True, True, True, False]
    assert page.data[-1].id == kept.id
    with pytest.raises(Forbidden):
        await chat.lib.call(PurgeMessages, PurgeMessagesRequest(fan, "owner", "fan"))


async def test_one_pin_per_room_with_expiry(chat: Chat) -> None:
    owner = await chat.user("owner")
    fan = await chat.user("fan")
    first = await chat.send(fan, "owner", "first")
    second = await chat.send(fan, "owner", "second")
    with pytest.raises(Forbidden):
        await chat.lib.call(PinMessage, PinMessageRequest(fan, "owner", first.id))
    await chat.lib.call(PinMessage, PinMessageRequest(owner, "owner", first.id))
    await chat.lib.call(PinMessage, PinMessageRequest(owner, "owner", second.id, 60))
    pinned = await chat.lib.call(GetPin, GetPinRequest(ANON, "owner"))
    assert pinned.message.id == second.id
    chat.later(seconds=61)
    with pytest.raises(errors.PinNotFound):
        await chat.lib.call(GetPin, GetPinRequest(ANON, "owner"))
    with pytest.raises(Invalid):
        await chat.lib.call(PinMessage, PinMessageRequest(owner, "owner", first.id, 0))
    await chat.lib.call(PinMessage, PinMessageRequest(owner, "owner", first.id))
    await chat.lib.call(UnpinMessage, UnpinMessageRequest(owner, "owner"))
    with pytest.raises(errors.PinNotFound):
        await chat.lib.call(UnpinMessage, UnpinMessageRequest(owner, "owner"))


async def test_deleting_the_pinned_message_unpins_it(chat: Chat) -> None:
    owner = await chat.user("owner")
    sent = await chat.send(owner, "owner", "read the rules")
    await chat.lib.call(PinMessage, PinMessageRequest(owner, "owner", sent.id))
    await _delete(chat, owner, sent.id)
    with pytest.raises(errors.PinNotFound):
        await chat.lib.call(GetPin, GetPinRequest(ANON, "owner"))
    assert "chat.message_unpinned" in await topics(chat)


async def test_the_chat_delay_hides_messages_from_viewers_until_visible(chat: Chat) -> None:
    owner = await chat.user("owner")
    fan = await chat.user("fan")
    await chat.settings("owner", non_moderator_delay_seconds=5)
    held = await chat.send(fan, "owner", "held")
    assert (held.visible_at - held.created_at).total_seconds() == 5
    mod_view = await chat.lib.call(ListMessages, ListMessagesRequest(owner, "owner"))
    viewer = await chat.lib.call(ListMessages, ListMessagesRequest(ANON, "owner"))
    assert ([m.seq for m in mod_view.data], viewer.data) == ([2], [])
    chat.later(seconds=5)
    viewer = await chat.lib.call(ListMessages, ListMessagesRequest(ANON, "owner"))
    assert [m.seq for m in viewer.data] == [2]
