"""Changing the name colour: who may, what is accepted, what is written and announced."""

from __future__ import annotations

import uuid

import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.chat.chat_identity.colours import check_colour
from streamz.core.chat.chat_identity.identities import derived_colour
from streamz.core.chat.chat_identity.update_identity import (
    UpdateChatIdentity,
    UpdateChatIdentityRequest,
)
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Principal
from streamz.core.identity.errors import AccountNotFound
from tests.unit.support import ANONYMOUS, SYSTEM

from .support import IdentityWorld, staff, token, user

UPDATED = "chat.identity_updated"


async def update(
    world: IdentityWorld, actor: Principal, channel: str, who: str, colour: str | None
) -> object:
    request = UpdateChatIdentityRequest(actor, channel, who, colour)
    return await world.call(UpdateChatIdentity, request)


async def test_the_account_sets_and_clears_its_colour_per_channel(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.register("carol")
    bob = await world.register("bob")
    before = await world.identity("alice", "bob")  # cached, then dropped by the change
    changed = await update(world, user(bob), "alice", "bob", "#1e90ff")
    seen = await world.identity("alice", "bob")
    assert changed == seen
    assert (seen.colour, seen.colour_chosen) == ("#1E90FF", True)
    assert (seen.account_id, seen.username, seen.badges) == (bob.id, "bob", before.badges)
    # per channel: elsewhere the colour stays derived
    assert (await world.identity("carol", "bob")).colour == derived_colour(bob.id)
    rows = (await world.tables()).table("chat_identity_colours")
    assert [row[0] for row in rows.values()] == ["#1E90FF"]
    # null: back to the derived colour, the row goes
    await update(world, user(bob), "alice", "bob", None)
    seen = await world.identity("alice", "bob")
    assert (seen.colour, seen.colour_chosen) == (derived_colour(bob.id), False)
    assert (await world.tables()).table("chat_identity_colours") == {}
    # the account's own changes are not audited (not a moderation action)
    assert await world.audit_actions() == []
    assert (await world.topics()).count(UPDATED) == 2


async def test_the_event_carries_the_new_identity(world: IdentityWorld) -> None:
    alice = await world.register("alice")
    await update(world, user(alice), "alice", "alice", "#00ff7f")
    tables = await world.tables()
    event = tables.outbox[-1]
    channel = await world.channel("alice")
    chatroom = next(iter(tables.chatrooms.values()))
    assert (event.topic, event.key) == (UPDATED, str(channel.id))
    assert event.payload == {
        "channel_id": str(channel.id),
        "chatroom_id": str(chatroom.id),
        "identity": {
            "account_id": str(alice.id),
            "username": "alice",
            "colour": "#00FF7F",
            "colour_chosen": True,
            "badges": [{"kind": "owner", "months": None, "image_url": None}],
        },
    }


async def test_staff_and_the_system_change_anyone_audited(world: IdentityWorld) -> None:
    await world.register("alice")
    bob = await world.register("bob")
    boss = await world.register("boss", staff=True)
    await update(world, staff(boss), "alice", str(bob.id), "#123ABC")
    assert (await world.identity("alice", "bob")).colour == "#123ABC"
    await update(world, SYSTEM, "alice", "bob", None)
    assert (await world.identity("alice", "bob")).colour_chosen is False
    assert await world.audit_actions() == [(UPDATED, "staff"), (UPDATED, "system")]
    entries = list((await world.tables()).table("channel_audit_log").values())
    assert [(e.actor_id, e.target_account_id, e.details) for e in entries] == [
        (boss.id, bob.id, {"colour": "#123ABC", "previous": None}),
        (None, bob.id, {"colour": None, "previous": "#123ABC"}),
    ]


async def test_the_same_colour_again_writes_nothing(world: IdentityWorld) -> None:
    await world.register("alice")
    bob = await world.register("bob")
    await update(world, user(bob), "alice", "bob", "#ABCDEF")
    before = await world.snapshot()
    again = await update(world, user(bob), "alice", "bob", "#abcdef")
    assert await world.tables() == before
    assert again == await world.identity("alice", "bob")
    await update(world, user(bob), "alice", "bob", None)
    before = await world.snapshot()
    await update(world, user(bob), "alice", "bob", None)
    assert await world.tables() == before


async def test_others_may_not(world: IdentityWorld) -> None:
    alice = await world.register("alice")
    await world.register("bob")
    mallory = await world.register("mallory", staff=True)
    await world.identity("alice", "bob")
    for actor in (user(alice), user(mallory)):  # the owner, and staff outside the Admin API
        await world.fails(update(world, actor, "alice", "bob", "#FFFFFF"), Forbidden, "forbidden")
    await world.fails(
        update(world, ANONYMOUS, "alice", "bob", "#FFFFFF"), Unauthenticated, "unauthenticated"
    )
    assert (await world.identity("alice", "bob")).colour_chosen is False


async def test_api_tokens_need_chat_write(world: IdentityWorld) -> None:
    await world.register("alice")
    bob = await world.register("bob")
    await world.fails(
        update(world, token(bob, "moderation:write"), "alice", "bob", "#FFFFFF"),
        Forbidden,
        "forbidden",
    )
    await update(world, token(bob, "chat:write"), "alice", "bob", "#FFFFFF")
    assert (await world.identity("alice", "bob")).colour == "#FFFFFF"


@pytest.mark.parametrize(
    "colour", ["", "red", "#FFF", "#GGGGGG", "FF4500", "#FF45000", " #FF4500", "#ff450０"]
)
async def test_bad_colours_are_refused(world: IdentityWorld, colour: str) -> None:
    await world.register("alice")
    bob = await world.register("bob")
    error = await world.fails(update(world, user(bob), "alice", "bob", colour), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["body.colour"]


def test_colours_are_stored_upper_case() -> None:
    assert check_colour("#a1b2c3") == "#A1B2C3"
    assert check_colour(None) is None
    with pytest.raises(Invalid):
        check_colour("#a1b2c", "colour")


async def test_unknown_channel_or_user(world: IdentityWorld) -> None:
    alice = await world.register("alice")
    await world.fails(
        update(world, user(alice), "nowhere", "alice", "#FFFFFF"),
        ChannelNotFound,
        "channel-not-found",
    )
    for who in ("ghost", str(uuid.uuid4())):
        await world.fails(
            update(world, SYSTEM, "alice", who, "#FFFFFF"), AccountNotFound, "account-not-found"
        )
