"""Social links: create, list, update, reorder, delete; URLs, duplicates, limit, platform."""

from __future__ import annotations

import uuid

import pytest

from streamz.core.channels.about.create_link import CreateLink, CreateLinkRequest
from streamz.core.channels.about.delete_link import DeleteLink, DeleteLinkRequest
from streamz.core.channels.about.entities import SocialLink
from streamz.core.channels.about.errors import (
    DuplicateLink,
    InvalidOrder,
    LinkLimitReached,
    LinkNotFound,
)
from streamz.core.channels.about.list_links import ListLinks, ListLinksRequest
from streamz.core.channels.about.platforms import Platform
from streamz.core.channels.about.reorder_links import ReorderLinks, ReorderLinksRequest
from streamz.core.channels.about.update_link import UpdateLink, UpdateLinkRequest
from streamz.core.errors import Invalid
from streamz.core.identity.entities import Account
from tests.unit.about.support import audit_entries, links
from tests.unit.support import ANONYMOUS, SYSTEM, World, fails, user


async def add(world: World, owner: Account, url: str, label: str | None = None) -> SocialLink:
    request = CreateLinkRequest(user(owner), owner.username, url, label)
    return await links(world, CreateLink)(request)


async def listed(world: World, channel: str) -> list[SocialLink]:
    return await links(world, ListLinks)(ListLinksRequest(ANONYMOUS, channel))


async def test_links_are_created_last_with_their_platform(world: World) -> None:
    alice = await world.register("alice")
    x = await add(world, alice, " https://x.com/alice ", "  my X  ")
    site = await add(world, alice, "https://alice.example", "   ")
    assert (x.url, x.label, x.platform, x.position) == (
        "https://x.com/alice",
        "my X",
        Platform.TWITTER,
        0,
    )
    assert (site.label, site.platform, site.position) == (None, Platform.WEBSITE, 1)
    assert [link.id for link in await listed(world, "alice")] == [x.id, site.id]
    assert world.topics().count("channel.links_updated") == 2
    assert world.tables.outbox[-1].payload == {"channel_id": str(x.channel_id)}
    assert {e.action for e in audit_entries(world)} == {"link.created"}


@pytest.mark.parametrize(
    ("url", "label", "field"),
    [
        ("javascript:alert(1)", None, "body.url"),
        ("data:text/html,x", None, "body.url"),
        ("ftp://example.com", None, "body.url"),
        ("relative/path", None, "body.url"),
        ("https://", None, "body.url"),
        ("https://example.com/" + "a" * 2048, None, "body.url"),
        ("https://example.com", "l" * 51, "body.label"),
    ],
)
async def test_bad_input_is_refused(world: World, url: str, label: str | None, field: str) -> None:
    alice = await world.register("alice")
    error = await fails(world, add(world, alice, url, label), Invalid, "invalid")
    assert [e.field for e in error.errors] == [field]


async def test_the_same_url_twice_is_a_conflict(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    await add(world, alice, "https://x.com/alice")
    await add(world, bob, "https://x.com/alice")  # another channel may link to it
    for same in ("https://x.com/alice", "HTTPS://X.COM/alice/"):
        await fails(world, add(world, alice, same), DuplicateLink, "link-duplicate")


async def test_at_most_ten_links(world: World) -> None:
    alice = await world.register("alice")
    for n in range(10):
        await add(world, alice, f"https://example.com/{n}", "l" * 50)
    error = await fails(
        world, add(world, alice, "https://example.com/11"), LinkLimitReached, "link-limit-reached"
    )
    assert "10" in error.detail


async def test_update_url_and_label(world: World) -> None:
    alice = await world.register("alice")
    link = await add(world, alice, "https://example.com", "site")
    other = await add(world, alice, "https://github.com/alice")
    update = UpdateLinkRequest(user(alice), "alice", link.id, url="https://youtu.be/x")
    changed = await links(world, UpdateLink)(update)
    assert (changed.url, changed.label, changed.platform) == (
        "https://youtu.be/x",
        "site",
        Platform.YOUTUBE,
    )
    cleared = await links(world, UpdateLink)(
        UpdateLinkRequest(user(alice), "alice", link.id, label=None)
    )
    assert cleared.label is None
    same = UpdateLinkRequest(user(alice), "alice", link.id, url="https://youtu.be/x")
    assert (await links(world, UpdateLink)(same)).url == "https://youtu.be/x"  # itself is fine
    taken = UpdateLinkRequest(user(alice), "alice", link.id, url=other.url)
    await fails(world, links(world, UpdateLink)(taken), DuplicateLink, "link-duplicate")
    bad = UpdateLinkRequest(user(alice), "alice", link.id, url="javascript:x")
    await fails(world, links(world, UpdateLink)(bad), Invalid, "invalid")


async def test_unknown_or_foreign_links_are_not_found(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    foreign = await add(world, bob, "https://bob.example")
    for call in (
        links(world, UpdateLink)(UpdateLinkRequest(SYSTEM, "alice", foreign.id, label="x")),
        links(world, DeleteLink)(DeleteLinkRequest(user(alice), "alice", foreign.id)),
        links(world, DeleteLink)(DeleteLinkRequest(SYSTEM, "alice", uuid.uuid4())),
    ):
        await fails(world, call, LinkNotFound, "link-not-found")


async def test_reorder_and_delete(world: World) -> None:
    alice = await world.register("alice")
    a, b, c = [await add(world, alice, f"https://{n}.example") for n in "abc"]
    for ids in ([a.id, c.id], [a.id, b.id, c.id, uuid.uuid4()], [a.id, a.id, b.id, c.id]):
        request = ReorderLinksRequest(user(alice), "alice", ids)
        await fails(world, links(world, ReorderLinks)(request), InvalidOrder, "invalid-order")
    request = ReorderLinksRequest(user(alice), "alice", [b.id, c.id, a.id])
    result = await links(world, ReorderLinks)(request)
    assert [(x.id, x.position) for x in result] == [(b.id, 0), (c.id, 1), (a.id, 2)]
    await links(world, DeleteLink)(DeleteLinkRequest(user(alice), "alice", c.id))
    assert [x.id for x in await listed(world, "alice")] == [b.id, a.id]
    assert world.topics().count("channel.links_updated") == 5
