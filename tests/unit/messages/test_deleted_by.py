"""``deleted_by`` in history reads: the room's team sees it; everyone else only when the
author deleted their own message."""

from __future__ import annotations

import pytest

from streamz.core.channels.roles import ChannelRole
from streamz.core.chat.messages.delete_message import DeleteMessage, DeleteMessageRequest
from streamz.core.chat.messages.entities import Message
from streamz.core.chat.messages.list_messages import ListMessages, ListMessagesRequest
from streamz.core.chat.messages.list_thread import ListThread, ListThreadRequest
from streamz.core.chat.messages.list_user_messages import (
    ListUserMessages,
    ListUserMessagesRequest,
)
from streamz.core.identity.entities import Principal, PrincipalKind, Role, Scope
from tests.unit.messages.support import SYSTEM, Chat

ANON = Principal.anonymous()


@pytest.fixture
async def chat() -> Chat:
    return Chat()


def _by(messages: list[Message]) -> list[tuple[str, bool, object]]:
    return [(m.content, m.deleted, m.deleted_by) for m in messages]


async def test_the_team_sees_who_deleted_others_see_only_own_deletions(chat: Chat) -> None:
    owner = await chat.user("owner")
    other = await chat.user("other")
    fan = await chat.user("fan")
    mod = await chat.user("mod")
    stranger = await chat.user("stranger")
    staff = await chat.user("staff", role=Role.STAFF)
    await chat.grant("owner", "mod", ChannelRole.MODERATOR)  # no permission at all
    spam = await chat.send(fan, "owner", "spam")
    typo = await chat.send(fan, "owner", "typo", reply_to=spam.id)
    elsewhere = await chat.send(fan, "other", "spam elsewhere")
    for actor, channel, message in (
        (owner, "owner", spam),
        (fan, "owner", typo),
        (other, "other", elsewhere),
    ):
        await chat.lib.call(DeleteMessage, DeleteMessageRequest(actor, channel, message.id))
    token = Principal(PrincipalKind.TOKEN, mod.account_id, Role.USER, frozenset({Scope.CHAT_WRITE}))

    async def reads(actor: Principal) -> list[list[tuple[str, bool, object]]]:
        room = await chat.lib.call(ListMessages, ListMessagesRequest(actor, "owner"))
        thread = await chat.lib.call(ListThread, ListThreadRequest(actor, "owner", typo.id))
        mine = await chat.lib.call(ListUserMessages, ListUserMessagesRequest(actor, "fan"))
        return [_by(room.data), _by(thread.data), _by(mine.data)]

    by_owner, by_fan = ("spam", True, owner.account_id), ("typo", True, fan.account_id)
    hidden, hidden_elsewhere = ("spam", True, None), ("spam elsewhere", True, None)
    by_other = ("spam elsewhere", True, other.account_id)
    for viewer in (ANON, stranger, fan):
        assert await reads(viewer) == [[hidden, by_fan]] * 2 + [[hidden, by_fan, hidden_elsewhere]]
    # the team of one room is not the team of another: per chatroom in the user's messages
    for member in (owner, mod, token):
        assert await reads(member) == [[by_owner, by_fan]] * 2 + [
            [by_owner, by_fan, hidden_elsewhere]
        ]
    assert await reads(other) == [[hidden, by_fan]] * 2 + [[hidden, by_fan, by_other]]
    for everywhere in (staff, SYSTEM):
        assert await reads(everywhere) == [[by_owner, by_fan]] * 2 + [[by_owner, by_fan, by_other]]
