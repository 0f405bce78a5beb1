"""Contract of the about ports: ``PanelRepository`` and ``SocialLinkRepository`` (ordered
content of a channel)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.about import MemoryPanels, MemorySocialLinks
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.postgres.about import PostgresPanels, PostgresSocialLinks
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.about.errors import DuplicateLink
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id

from .conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)


def panels(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryPanels, postgres=PostgresPanels, unit=unit)


def links(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemorySocialLinks, postgres=PostgresSocialLinks, unit=unit)


async def finish(unit: Any) -> None:
    """Commit and give the unit's connection back (the test pool has 4)."""
    await unit.commit()
    await unit.rollback()


async def refused(unit: Any, write: Callable[[], Awaitable[None]], error: type[Exception]) -> None:
    async def attempt() -> None:
        await write()
        await unit.commit()

    with pytest.raises(error):
        await attempt()
    await unit.rollback()


async def a_channel(backend: Backend, slug: str) -> Channel:
    unit = backend.unit()
    account = Account(new_id(), f"ory-{slug}", slug, f"{slug}@example.com", Role.USER, T0, T0)
    channel = Channel(new_id(), account.id, slug, slug.title(), "", False, 0, T0, T0)
    accounts: Any = backend.pick(memory=MemoryAccounts, postgres=PostgresAccounts, unit=unit)
    channels: Any = backend.pick(memory=MemoryChannels, postgres=PostgresChannels, unit=unit)
    await accounts.add(account)
    await channels.add(channel)
    await finish(unit)
    return channel


def panel(channel: Channel, title: str, position: int, **changes: Any) -> Panel:
    fields: dict[str, Any] = {
        "id": new_id(),
        "channel_id": channel.id,
        "title": title,
        "body": f"**{title}**",
        "image_url": None,
        "link_url": "https://example.com/x",
        "position": position,
        "created_at": T0,
        "updated_at": T0,
    }
    return Panel(**(fields | changes))


def link(channel: Channel, url: str, position: int, **changes: Any) -> SocialLink:
    fields: dict[str, Any] = {
        "id": new_id(),
        "channel_id": channel.id,
        "url": url,
        "label": None,
        "position": position,
        "created_at": T0,
        "updated_at": T0,
    }
    return SocialLink(**(fields | changes))


async def stored(backend: Backend, repo: Callable[[Backend, Any], Any], *rows: Any) -> None:
    unit = backend.unit()
    for row in rows:
        await repo(backend, unit).add(row)
    await finish(unit)


async def test_panels_list_by_position_then_id_per_channel(backend: Backend) -> None:
    ada, bob = await a_channel(backend, "ada"), await a_channel(backend, "bob")
    third = panel(ada, "third", 2, image_url="https://img.example.com/p.png", link_url=None)
    first, tie_a, tie_b = panel(ada, "first", 0), panel(ada, "tie a", 1), panel(ada, "tie b", 1)
    await stored(backend, panels, third, tie_b, first, tie_a, panel(bob, "theirs", 0))

    unit = backend.unit()
    assert await panels(backend, unit).list_for(ada.id) == [first, tie_a, tie_b, third]
    assert await panels(backend, unit).list_for(ada.id, lock=True) == [first, tie_a, tie_b, third]
    await unit.rollback()
    assert [p.title for p in await panels(backend, backend.unit()).list_for(bob.id)] == ["theirs"]


async def test_panel_update_writes_content_only_remove_deletes(backend: Backend) -> None:
    ada = await a_channel(backend, "ada")
    kept, gone = panel(ada, "kept", 0), panel(ada, "gone", 1)
    await stored(backend, panels, kept, gone)

    unit = backend.unit()
    changed = panel(ada, "new", 9, id=kept.id, body="b", image_url="https://i/x", created_at=T1)
    await panels(backend, unit).update(replace(changed, link_url=None, updated_at=T1))
    await panels(backend, unit).update(panel(ada, "ghost", 0))  # no such panel: nothing
    await panels(backend, unit).remove(gone.id)
    await panels(backend, unit).remove(new_id())  # no such panel: nothing
    await finish(unit)

    expected = replace(kept, title="new", body="b", image_url="https://i/x", link_url=None)
    assert await panels(backend, backend.unit()).list_for(ada.id) == [
        replace(expected, updated_at=T1)
    ]


async def test_reorder_numbers_the_given_ids_from_zero(backend: Backend) -> None:
    ada, bob = await a_channel(backend, "ada"), await a_channel(backend, "bob")
    a, b, c = panel(ada, "a", 0), panel(ada, "b", 1), panel(ada, "c", 2)
    theirs = panel(bob, "theirs", 5)
    await stored(backend, panels, a, b, c, theirs)

    unit = backend.unit()
    # another channel's panel and an unknown id are left alone
    await panels(backend, unit).reorder(ada.id, [c.id, theirs.id, new_id(), a.id, b.id])
    await finish(unit)

    unit = backend.unit()
    mine = await panels(backend, unit).list_for(ada.id)
    assert [(p.title, p.position) for p in mine] == [("c", 0), ("a", 3), ("b", 4)]
    assert await panels(backend, unit).list_for(bob.id) == [theirs]


async def test_content_needs_its_channel(backend: Backend) -> None:
    nowhere = Channel(new_id(), new_id(), "none", "none", "", False, 0, T0, T0)
    unit = backend.unit()
    await refused(unit, lambda: panels(backend, unit).add(panel(nowhere, "x", 0)), Conflict)
    unit = backend.unit()
    await refused(unit, lambda: links(backend, unit).add(link(nowhere, "https://x", 0)), Conflict)


async def test_links_are_ordered_and_a_url_is_linked_once_per_channel(backend: Backend) -> None:
    ada, bob = await a_channel(backend, "ada"), await a_channel(backend, "bob")
    yt = link(ada, "https://youtube.com/@ada", 1, label="YouTube")
    gh = link(ada, "https://github.com/ada", 0)
    await stored(backend, links, yt, gh, link(bob, yt.url, 0))  # another channel may

    unit = backend.unit()
    await refused(unit, lambda: links(backend, unit).add(link(ada, yt.url, 2)), DuplicateLink)
    unit = backend.unit()
    moved = replace(gh, url=yt.url)
    await refused(unit, lambda: links(backend, unit).update(moved), DuplicateLink)

    assert await links(backend, backend.unit()).list_for(ada.id) == [gh, yt]


async def test_link_update_writes_url_label_and_time_only(backend: Backend) -> None:
    ada = await a_channel(backend, "ada")
    gh, x = link(ada, "https://github.com/ada", 0), link(ada, "https://x.com/ada", 1)
    await stored(backend, links, gh, x)

    unit = backend.unit()
    changed = link(ada, "https://github.com/ada-l", 7, id=gh.id, label="Code", created_at=T1)
    await links(backend, unit).update(replace(changed, updated_at=T1))
    await links(backend, unit).update(link(ada, "https://ghost", 0))  # no such link: nothing
    await links(backend, unit).reorder(ada.id, [x.id, gh.id])
    await links(backend, unit).remove(new_id())
    await finish(unit)

    after = await links(backend, backend.unit()).list_for(ada.id)
    updated = replace(gh, url="https://github.com/ada-l", label="Code", updated_at=T1)
    assert after == [replace(x, position=0), replace(updated, position=1)]
    assert after[1].platform == gh.platform


async def test_of_two_concurrent_adds_of_a_url_the_second_fails(backend: Backend) -> None:
    ada = await a_channel(backend, "ada")
    first, second = backend.unit(), backend.unit()
    await links(backend, first).add(link(ada, "https://x.com/ada", 0))
    pending = asyncio.create_task(links(backend, second).add(link(ada, "https://x.com/ada", 0)))
    await asyncio.sleep(0.05)
    await finish(first)

    async def attempt() -> None:
        await pending
        await second.commit()

    with pytest.raises(DuplicateLink):
        await attempt()
    await second.rollback()
    assert len(await links(backend, backend.unit()).list_for(ada.id)) == 1
