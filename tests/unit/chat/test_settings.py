"""Chatrooms: fetch by channel or id, settings (defaults, partial updates, ranges) and rules."""

from __future__ import annotations

from typing import Any

import pytest

from streamz.core.channels.audit import ActingAs
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import DEFAULT_MODERATOR_PERMISSIONS, Permission
from streamz.core.chat.clear_rules import ClearChatRules, ClearChatRulesRequest
from streamz.core.chat.entities import ChatSettings
from streamz.core.chat.errors import ChatroomNotFound
from streamz.core.chat.find_chatroom import FindChatroom, FindChatroomRequest
from streamz.core.chat.get_chatroom import GetChatroom, GetChatroomRequest
from streamz.core.chat.update_rules import UpdateChatRules, UpdateChatRulesRequest
from streamz.core.chat.update_settings import UpdateChatSettings, UpdateChatSettingsRequest
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Role, Scope
from streamz.core.shared.ids import new_id
from tests.unit.about.support import audit_entries, grant_moderator, staff, token_of
from tests.unit.chat.support import chat
from tests.unit.support import ANONYMOUS, SYSTEM, World, fails, user


async def test_chatroom_by_slug_id_and_chatroom_id_with_defaults(world: World) -> None:
    alice = await world.register("alice")
    view = await chat(world, GetChatroom)(GetChatroomRequest(ANONYMOUS, "Alice"))
    assert view.channel.slug == "alice"
    assert view.settings == ChatSettings()
    assert view.settings.links_allowed is True
    assert view.rules == ()
    assert view.config.updated_at is None
    by_id = await chat(world, GetChatroom)(GetChatroomRequest(ANONYMOUS, str(view.channel.id)))
    by_room = await chat(world, FindChatroom)(FindChatroomRequest(ANONYMOUS, view.chatroom.id))
    assert by_id == by_room == view
    assert view.channel.account_id == alice.id
    assert world.topics().count("chatroom.settings_updated") == 0


async def test_unknown_channel_or_chatroom(world: World) -> None:
    with pytest.raises(ChannelNotFound):
        await chat(world, GetChatroom)(GetChatroomRequest(ANONYMOUS, "nobody"))
    with pytest.raises(ChatroomNotFound):
        await chat(world, FindChatroom)(FindChatroomRequest(ANONYMOUS, new_id()))
    request = UpdateChatSettingsRequest(SYSTEM, "nobody", {"emote_only": True})
    await fails(
        world, chat(world, UpdateChatSettings)(request), ChannelNotFound, "channel-not-found"
    )


async def test_partial_update_keeps_the_rest_and_emits_only_changes(world: World) -> None:
    alice = await world.register("alice")
    update = UpdateChatSettingsRequest(
        user(alice), "alice", {"slow_mode_seconds": 10, "followers_only": 0, "links_allowed": True}
    )
    view = await chat(world, UpdateChatSettings)(update)
    assert view.settings == ChatSettings(slow_mode_seconds=10, followers_only=0)
    again = UpdateChatSettingsRequest(user(alice), "alice", {"emote_only": True})
    view = await chat(world, UpdateChatSettings)(again)
    assert view.settings == ChatSettings(slow_mode_seconds=10, followers_only=0, emote_only=True)
    off = UpdateChatSettingsRequest(user(alice), "alice", {"followers_only": None})
    view = await chat(world, UpdateChatSettings)(off)
    assert view.settings.followers_only is None
    fetched = await chat(world, GetChatroom)(GetChatroomRequest(ANONYMOUS, "alice"))
    assert fetched.settings == view.settings
    events = [e for e in world.tables.outbox if e.topic == "chatroom.settings_updated"]
    ids = {"chatroom_id": str(view.chatroom.id), "channel_id": str(view.channel.id)}
    assert [e.payload for e in events] == [
        {**ids, "changes": {"slow_mode_seconds": 10, "followers_only": 0}, "seq": 1},
        {**ids, "changes": {"emote_only": True}, "seq": 2},
        {**ids, "changes": {"followers_only": None}, "seq": 3},
    ]
    assert [e.action for e in audit_entries(world)] == ["chat.settings_updated"] * 3
    # nothing changes: nothing written
    before = len(world.tables.outbox)
    await chat(world, UpdateChatSettings)(again)
    assert len(world.tables.outbox) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slow_mode_seconds": -1}, "body.slow_mode_seconds"),
        ({"slow_mode_seconds": 3601}, "body.slow_mode_seconds"),
        ({"followers_only": 129_601}, "body.followers_only"),
        ({"min_account_age_minutes": 525_601}, "body.min_account_age_minutes"),
        ({"non_moderator_delay_seconds": 11}, "body.non_moderator_delay_seconds"),
        ({"emote_only": 1}, "body.emote_only"),
        ({"slow_mode_seconds": True}, "body.slow_mode_seconds"),
        ({"slow_mode_seconds": None}, "body.slow_mode_seconds"),
        ({"colour": "red"}, "body.colour"),
    ],
)
async def test_bad_settings_are_invalid_and_nothing_written(
    world: World, changes: dict[str, Any], field: str
) -> None:
    alice = await world.register("alice")
    request = UpdateChatSettingsRequest(user(alice), "alice", {"emote_only": True, **changes})
    error = await fails(world, chat(world, UpdateChatSettings)(request), Invalid, "invalid")
    assert [e.field for e in error.errors] == [field]


async def test_rules_update_trim_order_and_clear(world: World) -> None:
    alice = await world.register("alice")
    rules = ["  Be kind  ", "No spam", "x" * 500]
    view = await chat(world, UpdateChatRules)(UpdateChatRulesRequest(user(alice), "alice", rules))
    assert view.rules == ("Be kind", "No spam", "x" * 500)
    fetched = await chat(world, GetChatroom)(GetChatroomRequest(ANONYMOUS, "alice"))
    assert fetched.rules == view.rules
    assert fetched.settings == ChatSettings()  # rules leave settings alone
    cleared = await chat(world, ClearChatRules)(ClearChatRulesRequest(user(alice), "alice"))
    assert cleared.rules == ()
    events = [e for e in world.tables.outbox if e.topic == "chatroom.rules_updated"]
    assert [e.payload["rules"] for e in events] == [list(view.rules), []]
    assert [e.action for e in audit_entries(world)] == ["chat.rules_updated", "chat.rules_cleared"]


@pytest.mark.parametrize(
    ("rules", "fields"),
    [
        (["r"] * 21, ["body.rules"]),
        (["ok", ""], ["body.rules[1]"]),
        (["   "], ["body.rules[0]"]),
        (["x" * 501], ["body.rules[0]"]),
    ],
)
async def test_bad_rules_are_invalid_and_nothing_written(
    world: World, rules: list[str], fields: list[str]
) -> None:
    alice = await world.register("alice")
    request = UpdateChatRulesRequest(user(alice), "alice", rules)
    error = await fails(world, chat(world, UpdateChatRules)(request), Invalid, "invalid")
    assert [e.field for e in error.errors] == fields


async def test_who_may_change_settings_and_rules(world: World) -> None:
    alice = await world.register("alice")
    other = await world.register("other")
    weak = await world.register("weak")
    mod = await world.register("mod")
    boss = await world.register("boss", role=Role.STAFF)
    await grant_moderator(
        world, alice, weak, DEFAULT_MODERATOR_PERMISSIONS - {Permission.MANAGE_SETTINGS}
    )
    await grant_moderator(world, alice, mod, {Permission.MANAGE_SETTINGS})
    denied = [
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
        (user(other), Forbidden, "forbidden"),
        (user(weak), Forbidden, "forbidden"),
        (token_of(alice, Scope.CHAT_WRITE), Forbidden, "forbidden"),
    ]
    for actor, error, code in denied:
        settings = UpdateChatSettingsRequest(actor, "alice", {"emote_only": True})
        await fails(world, chat(world, UpdateChatSettings)(settings), error, code)
        rules = UpdateChatRulesRequest(actor, "alice", ["x"])
        await fails(world, chat(world, UpdateChatRules)(rules), error, code)
        await fails(
            world, chat(world, ClearChatRules)(ClearChatRulesRequest(actor, "alice")), error, code
        )
    allowed = [
        (user(alice), ActingAs.OWNER),
        (user(mod), ActingAs.MODERATOR),
        (staff(boss), ActingAs.STAFF),
        (SYSTEM, ActingAs.SYSTEM),
        (token_of(alice, Scope.CHANNEL_WRITE), ActingAs.OWNER),
    ]
    for n, (actor, acting_as) in enumerate(allowed):
        request = UpdateChatSettingsRequest(actor, "alice", {"slow_mode_seconds": n + 1})
        await chat(world, UpdateChatSettings)(request)
        assert audit_entries(world)[-1].acting_as is acting_as
        assert audit_entries(world)[-1].actor_id == actor.account_id
