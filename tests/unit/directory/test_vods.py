"""VODs: visibility per caller on reads, updates by the owner."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import Permission
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Principal, Scope
from streamz.core.live.directory.errors import VodNotFound, VodSubscribersOnly
from streamz.core.live.directory.get_vod import GetVodRequest
from streamz.core.live.directory.list_channel_vods import ListChannelVodsRequest
from streamz.core.live.directory.update_vod import UpdateVodRequest
from streamz.core.live.entities import Vod
from streamz.core.shared.pages import Page
from tests.unit.about.support import audit_entries, grant_moderator, staff, token_of
from tests.unit.directory.support import Directory, add_vod, subscribe
from tests.unit.support import ANONYMOUS, SYSTEM, T0, World, fails, user


async def titles(directory: Directory, actor: Principal, limit: int = 2) -> list[str]:
    out: list[str] = []
    after = None
    while True:
        page: Page[Vod] = await directory.vods()(
            ListChannelVodsRequest(actor, "alice", limit, after)
        )
        out += [v.title for v in page.data]
        if page.next is None:
            return out
        after = page.next


async def test_visibility_per_caller(world: World, directory: Directory) -> None:
    alice = await world.register("alice")
    fan = await world.register("fan")
    lapsed = await world.register("lapsed")
    mod = await world.register("mod")
    boss = await world.register("boss")
    stranger = await world.register("stranger")
    subscribe(world, fan, "alice")
    subscribe(world, lapsed, "alice", active=False)
    await grant_moderator(world, alice, mod, [Permission.BAN])
    public = add_vod(world, "alice", "public", title="one")
    subs = add_vod(world, "alice", "subscribers", title="two")
    private = add_vod(world, "alice", "private", title="three")
    everything = ["three", "two", "one"]
    expected = {
        "anonymous": (ANONYMOUS, ["one"]),
        "stranger": (user(stranger), ["one"]),
        "lapsed": (user(lapsed), ["one"]),
        "fan": (user(fan), ["two", "one"]),
        "fan-token": (token_of(fan), ["two", "one"]),
        "mod": (user(mod), ["two", "one"]),
        "owner": (user(alice), everything),
        "staff": (staff(boss), everything),
        "system": (SYSTEM, everything),
    }
    for name, (actor, seen) in expected.items():
        assert await titles(directory, actor) == seen, name
        assert await titles(directory, actor, limit=1) == seen, name
        for vod in (public, subs, private):
            call = directory.vod()(GetVodRequest(actor, vod.id))
            if vod.title in seen:
                assert (await call) == vod
            elif vod is subs:
                await fails(world, call, VodSubscribersOnly, "vod-subscribers-only")
            else:
                await fails(world, call, VodNotFound, "vod-not-found")
    await fails(
        world, directory.vod()(GetVodRequest(SYSTEM, uuid.uuid4())), VodNotFound, "vod-not-found"
    )
    with pytest.raises(ChannelNotFound):
        await directory.vods()(ListChannelVodsRequest(ANONYMOUS, "ghost"))


async def test_deleted_vods_are_gone(world: World, directory: Directory) -> None:
    await world.register("alice")
    vod = add_vod(world, "alice", "public")
    world.db.tables.table("vods")[vod.id] = replace(vod, deleted_at=T0)
    assert await titles(directory, SYSTEM) == []
    await fails(world, directory.vod()(GetVodRequest(SYSTEM, vod.id)), VodNotFound, "vod-not-found")
    await fails(
        world,
        directory.update_vod()(UpdateVodRequest(SYSTEM, vod.id, title="x")),
        VodNotFound,
        "vod-not-found",
    )


async def test_owner_updates_title_and_visibility(world: World, directory: Directory) -> None:
    alice = await world.register("alice")
    vod = add_vod(world, "alice", "public")
    world.clock.current = T0.replace(hour=13)
    updated = await directory.update_vod()(
        UpdateVodRequest(user(alice), vod.id, title="  Best of  ", visibility="subscribers")
    )
    assert (updated.title, updated.visibility, updated.updated_at) == (
        "Best of",
        "subscribers",
        T0.replace(hour=13),
    )
    assert world.tables.table("vods")[vod.id] == updated
    event = world.tables.outbox[-1]
    assert (event.topic, event.payload) == (
        "vod.updated",
        {
            "channel_id": str(vod.channel_id),
            "vod_id": str(vod.id),
            "title": "Best of",
            "visibility": "subscribers",
        },
    )
    assert [e.action for e in audit_entries(world)] == ["vod.updated"]
    before = world.snapshot()
    same = await directory.update_vod()(UpdateVodRequest(user(alice), vod.id, title="Best of"))
    assert same == updated
    assert world.tables == before
    token = token_of(alice, Scope.CHANNEL_WRITE)
    changed = await directory.update_vod()(UpdateVodRequest(token, vod.id, visibility="private"))
    assert changed.visibility == "private"


@pytest.mark.parametrize(
    ("title", "visibility", "code", "fields"),
    [
        ("", None, "vod-title-invalid", ["body.title"]),
        ("x" * 141, None, "vod-title-invalid", ["body.title"]),
        ("a\nb", None, "vod-title-invalid", ["body.title"]),
        (None, "friends", "vod-visibility-invalid", ["body.visibility"]),
        ("", "PUBLIC", "vod-title-invalid", ["body.title", "body.visibility"]),
    ],
)
async def test_bad_updates_write_nothing(
    world: World,
    directory: Directory,
    title: str | None,
    visibility: str | None,
    code: str,
    fields: list[str],
) -> None:
    alice = await world.register("alice")
    vod = add_vod(world, "alice", "public")
    request = UpdateVodRequest(user(alice), vod.id)
    if title is not None:
        request = UpdateVodRequest(user(alice), vod.id, title=title)
    if visibility is not None:
        request = UpdateVodRequest(request.actor, vod.id, request.title, visibility)
    error = await fails(world, directory.update_vod()(request), Invalid, code)
    assert [e.field for e in error.errors] == fields


async def test_only_the_owner_updates(world: World, directory: Directory) -> None:
    alice = await world.register("alice")
    fan = await world.register("fan")
    mod = await world.register("mod")
    subscribe(world, fan, "alice")
    await grant_moderator(world, alice, mod, list(Permission))
    public = add_vod(world, "alice", "public")
    private = add_vod(world, "alice", "private")
    subs = add_vod(world, "alice", "subscribers")
    cases = [
        (user(fan), public, Forbidden, "forbidden"),
        (user(mod), subs, Forbidden, "forbidden"),
        (user(mod), private, VodNotFound, "vod-not-found"),  # not even seen
        (token_of(alice, Scope.CHAT_WRITE), public, Forbidden, "forbidden"),
        (ANONYMOUS, public, Unauthenticated, "unauthenticated"),
        (ANONYMOUS, subs, VodSubscribersOnly, "vod-subscribers-only"),
    ]
    for actor, vod, error, code in cases:
        request = UpdateVodRequest(actor, vod.id, title="mine now")
        await fails(world, directory.update_vod()(request), error, code)
    updated = await directory.update_vod()(UpdateVodRequest(SYSTEM, private.id, title="ok"))
    assert updated.title == "ok"
