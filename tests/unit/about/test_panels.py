"""Panels: create, list, update, reorder, delete, with limits and events."""

from __future__ import annotations

import uuid

import pytest

from streamz.core.channels.about.create_panel import CreatePanel, CreatePanelRequest
from streamz.core.channels.about.delete_panel import DeletePanel, DeletePanelRequest
from streamz.core.channels.about.entities import Panel
from streamz.core.channels.about.errors import InvalidOrder, PanelLimitReached, PanelNotFound
from streamz.core.channels.about.list_panels import ListPanels, ListPanelsRequest
from streamz.core.channels.about.reorder_panels import ReorderPanels, ReorderPanelsRequest
from streamz.core.channels.about.update_panel import UpdatePanel, UpdatePanelRequest
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.errors import Invalid
from streamz.core.identity.entities import Account
from tests.unit.about.support import audit_entries, panels
from tests.unit.support import ANONYMOUS, SYSTEM, World, fails, user


async def add(world: World, owner: Account, title: str = "About", **fields: str | None) -> Panel:
    request = CreatePanelRequest(user(owner), owner.username, title, **fields)  # type: ignore[arg-type]
    return await panels(world, CreatePanel)(request)


async def listed(world: World, channel: str) -> list[Panel]:
    return await panels(world, ListPanels)(ListPanelsRequest(ANONYMOUS, channel))


async def test_panels_are_created_last_and_listed_in_order(world: World) -> None:
    alice = await world.register("alice")
    first = await add(world, alice, "  About me  ", body="**hi**", link_url="https://x.com/a")
    second = await add(world, alice, "Rules", image_url="https://img.example/r.png")
    assert first.title == "About me"
    assert (first.position, second.position) == (0, 1)
    assert first.link_url == "https://x.com/a"
    assert second.body == ""
    assert second.image_url == "https://img.example/r.png"
    assert [p.id for p in await listed(world, "alice")] == [first.id, second.id]
    assert [p.id for p in await listed(world, str(first.channel_id))] == [first.id, second.id]
    assert world.topics().count("channel.panels_updated") == 2
    event = world.tables.outbox[-1]
    assert event.payload == {"channel_id": str(first.channel_id)}
    assert [e.action for e in audit_entries(world)] == ["panel.created", "panel.created"]


async def test_unknown_channel(world: World) -> None:
    with pytest.raises(ChannelNotFound):
        await listed(world, "nobody")
    request = CreatePanelRequest(SYSTEM, "nobody", "About")
    await fails(world, panels(world, CreatePanel)(request), ChannelNotFound, "channel-not-found")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "body.title"),
        ({"title": "   "}, "body.title"),
        ({"title": "t" * 101}, "body.title"),
        ({"body": "b" * 5001}, "body.body"),
        ({"image_url": "javascript:alert(1)"}, "body.image_url"),
        ({"link_url": "data:text/html,x"}, "body.link_url"),
        ({"link_url": "/relative"}, "body.link_url"),
    ],
)
async def test_bad_fields_are_refused(world: World, fields: dict[str, str], field: str) -> None:
    alice = await world.register("alice")
    values = {"title": "About", **fields}
    error = await fails(world, add(world, alice, **values), Invalid, "invalid")
    assert [e.field for e in error.errors] == [field]


async def test_limits_are_inclusive(world: World) -> None:
    alice = await world.register("alice")
    await add(world, alice, "t" * 100, body="b" * 5000)
    for n in range(19):
        await add(world, alice, f"panel {n}")
    assert len(await listed(world, "alice")) == 20
    error = await fails(world, add(world, alice), PanelLimitReached, "panel-limit-reached")
    assert "20" in error.detail


async def test_update_changes_only_the_fields_given(world: World) -> None:
    alice = await world.register("alice")
    panel = await add(world, alice, body="old", image_url="https://i.example/a.png")
    world.clock.current = world.clock.current.replace(hour=13)
    request = UpdatePanelRequest(user(alice), "alice", panel.id, title="New", image_url=None)
    updated = await panels(world, UpdatePanel)(request)
    assert (updated.title, updated.body, updated.image_url) == ("New", "old", None)
    assert updated.updated_at > panel.updated_at
    assert (await listed(world, "alice"))[0] == updated
    assert world.topics().count("channel.panels_updated") == 2

    bad = UpdatePanelRequest(user(alice), "alice", panel.id, title="", link_url="ftp://x.io")
    error = await fails(world, panels(world, UpdatePanel)(bad), Invalid, "invalid")
    assert sorted(e.field for e in error.errors) == ["body.link_url", "body.title"]


async def test_panels_of_other_channels_are_not_found(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    foreign = await add(world, bob)
    for call in (
        panels(world, UpdatePanel)(UpdatePanelRequest(user(alice), "alice", foreign.id, "x")),
        panels(world, DeletePanel)(DeletePanelRequest(user(alice), "alice", foreign.id)),
        panels(world, DeletePanel)(DeletePanelRequest(SYSTEM, "alice", uuid.uuid4())),
    ):
        await fails(world, call, PanelNotFound, "panel-not-found")


async def test_reorder_takes_exactly_a_permutation(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    a, b, c = [await add(world, alice, t) for t in "abc"]
    foreign = await add(world, bob)
    reorder = ReorderPanels
    for ids in ([a.id, b.id], [a.id, b.id, c.id, foreign.id], [a.id, b.id, b.id, c.id], []):
        request = ReorderPanelsRequest(user(alice), "alice", ids)
        await fails(world, panels(world, reorder)(request), InvalidOrder, "invalid-order")
    request = ReorderPanelsRequest(user(alice), "alice", [c.id, a.id, b.id])
    result = await panels(world, reorder)(request)
    assert [(p.id, p.position) for p in result] == [(c.id, 0), (a.id, 1), (b.id, 2)]
    assert [p.id for p in await listed(world, "alice")] == [c.id, a.id, b.id]
    assert [p.id for p in await listed(world, "bob")] == [foreign.id]


async def test_delete_keeps_the_order_and_frees_a_place(world: World) -> None:
    alice = await world.register("alice")
    made = [await add(world, alice, f"p{n}") for n in range(20)]
    deleted = await panels(world, DeletePanel)(DeletePanelRequest(SYSTEM, "alice", made[3].id))
    assert deleted.id == made[3].id
    left = [p.id for p in made if p.id != made[3].id]
    assert [p.id for p in await listed(world, "alice")] == left
    last = await add(world, alice, "again")
    assert [p.id for p in await listed(world, "alice")] == [*left, last.id]
    assert audit_entries(world)[-2].action == "panel.deleted"
