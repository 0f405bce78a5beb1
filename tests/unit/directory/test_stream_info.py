"""Stream info: read, update (rules, who may, propagation to the live stream, events)."""

from __future__ import annotations

import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import Permission
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Principal, Scope
from streamz.core.live.directory.get_stream_info import GetStreamInfoRequest
from streamz.core.live.directory.update_stream_info import UpdateStreamInfoRequest
from streamz.core.live.entities import StreamInfo
from tests.unit.about.support import audit_entries, grant_moderator, staff, token_of
from tests.unit.directory.support import (
    Directory,
    add_category,
    add_stream,
    channel_of,
    set_info,
)
from tests.unit.support import ANONYMOUS, SYSTEM, T0, World, fails, user


async def test_defaults_then_update_then_read(world: World, directory: Directory) -> None:
    alice = await world.register("alice")
    view = await directory.get_info()(GetStreamInfoRequest(ANONYMOUS, "alice"))
    assert view.info == StreamInfo(channel_of(world, "alice").id)
    assert (view.category, view.live) == (None, None)
    games = add_category(world, "games")
    change = await directory.update_info()(
        UpdateStreamInfoRequest(
            user(alice),
            "alice",
            title="  Speedrunning!  ",
            category="GAMES",
            tags=["Speed Run", "PB", "speed_run"],
            language="en-us",
            mature=True,
        )
    )
    info = change.view.info
    assert (info.title, info.category_id, info.tags, info.language, info.mature) == (
        "Speedrunning!",
        games.id,
        ("speed-run", "pb"),
        "en-US",
        True,
    )
    assert info.updated_at == T0
    assert change.changed == ("title", "category_id", "tags", "language", "mature")
    assert change.view.category == games
    read = await directory.get_info()(GetStreamInfoRequest(ANONYMOUS, str(info.channel_id)))
    assert read.info == info
    assert world.topics().count("stream.updated") == 1
    event = world.tables.outbox[-1]
    assert event.topic == "stream.updated"
    assert event.payload == {
        "channel_id": str(info.channel_id),
        "livestream_id": None,
        "title": "Speedrunning!",
        "category_id": str(games.id),
        "tags": ["speed-run", "pb"],
        "language": "en-US",
        "mature": True,
        "changed": ["title", "category_id", "tags", "language", "mature"],
    }
    assert [(e.action, e.acting_as) for e in audit_entries(world)] == [
        ("stream.info_updated", "owner")
    ]


async def test_changes_apply_to_the_live_stream_only(world: World, directory: Directory) -> None:
    alice = await world.register("alice")
    old = add_stream(world, "alice", ended=True, minutes_ago=60, title="yesterday")
    live = add_stream(world, "alice", viewers=5, title="before")
    chat = add_category(world, "just-chatting")
    change = await directory.update_info()(
        UpdateStreamInfoRequest(user(alice), "alice", title="after", category=str(chat.id))
    )
    streams = world.tables.table("livestreams")
    assert (streams[live.id].title, streams[live.id].category_id) == ("after", chat.id)
    assert streams[live.id].viewers == 5  # untouched
    assert streams[old.id] == old
    assert change.view.live == streams[live.id]
    assert world.tables.outbox[-1].payload["livestream_id"] == str(live.id)
    assert world.tables.outbox[-1].payload["changed"] == ["title", "category_id"]


async def test_partial_updates_keep_the_rest_and_clear_category(
    world: World, directory: Directory
) -> None:
    alice = await world.register("alice")
    games = add_category(world, "games")
    channel = channel_of(world, "alice").id
    set_info(world, StreamInfo(channel, "t", games.id, ("a1",), "fr", True, T0))
    change = await directory.update_info()(
        UpdateStreamInfoRequest(user(alice), "alice", category=None, tags=[])
    )
    assert change.view.info == StreamInfo(channel, "t", None, (), "fr", True, T0)
    assert change.changed == ("category_id", "tags")


async def test_no_change_writes_nothing(world: World, directory: Directory) -> None:
    alice = await world.register("alice")
    before = world.snapshot()
    change = await directory.update_info()(
        UpdateStreamInfoRequest(user(alice), "alice", title="", language="EN", mature=False)
    )
    assert change.changed == ()
    assert world.tables == before


@pytest.mark.parametrize(
    ("changes", "code", "fields"),
    [
        ({"title": "x" * 141}, "stream-title-invalid", ["body.title"]),
        ({"title": "a\tb"}, "stream-title-invalid", ["body.title"]),
        ({"tags": ["ok", "no way!"]}, "stream-tags-invalid", ["body.tags"]),
        ({"tags": [f"t{n}x" for n in range(11)]}, "stream-tags-invalid", ["body.tags"]),
        ({"language": "english"}, "stream-language-invalid", ["body.language"]),
        ({"category": "nope"}, "stream-category-unknown", ["body.category"]),
        ({"category": "old"}, "stream-category-unknown", ["body.category"]),
        (
            {"language": "x", "title": "y" * 200},
            "stream-title-invalid",
            ["body.title", "body.language"],
        ),
    ],
)
async def test_bad_input_writes_nothing(
    world: World, directory: Directory, changes: dict[str, object], code: str, fields: list[str]
) -> None:
    alice = await world.register("alice")
    add_category(world, "old", deleted=True)
    add_stream(world, "alice")
    request = UpdateStreamInfoRequest(user(alice), "alice", **changes)  # type: ignore[arg-type]
    error = await fails(world, directory.update_info()(request), Invalid, code)
    assert [e.field for e in error.errors] == fields


async def test_who_may_update(world: World, directory: Directory) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    mod = await world.register("mod")
    weak = await world.register("weak")
    boss = await world.register("boss")
    await grant_moderator(world, alice, mod, [Permission.MANAGE_SETTINGS])
    await grant_moderator(world, alice, weak, [Permission.BAN])

    def update(actor: Principal, title: str) -> UpdateStreamInfoRequest:
        return UpdateStreamInfoRequest(actor, "alice", title=title)

    for actor, title in (
        (user(mod), "by mod"),
        (staff(boss), "by staff"),
        (SYSTEM, "by system"),
        (token_of(alice, Scope.CHANNEL_WRITE), "by token"),
    ):
        assert (await directory.update_info()(update(actor, title))).view.info.title == title
    assert [e.acting_as for e in audit_entries(world)] == ["moderator", "staff", "system", "owner"]
    for actor, error, code in (
        (user(bob), Forbidden, "forbidden"),
        (user(weak), Forbidden, "forbidden"),
        (token_of(alice, Scope.CHAT_WRITE), Forbidden, "forbidden"),
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
    ):
        await fails(world, directory.update_info()(update(actor, "nope")), error, code)
    await fails(
        world,
        directory.update_info()(UpdateStreamInfoRequest(SYSTEM, "ghost", title="x")),
        ChannelNotFound,
        "channel-not-found",
    )
