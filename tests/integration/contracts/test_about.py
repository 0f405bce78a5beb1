"""Contract of the about ports: ``PanelRepository`` and ``SocialLinkRepository`` (ordered
content of a channel)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from streamz.adapters.memory.about import MemoryPanels, MemorySocialLinks
from streamz.adapters.postgres.about import PostgresPanels, PostgresSocialLinks
from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.about.errors import DuplicateLink
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.shared.ids import new_id
from streamz.ports.about import PanelRepository, SocialLinkRepository

from .conftest import T0_US, Backend, add_rows, refused, second_loses

MEMORY_PANELS: Callable[[Any], PanelRepository] = MemoryPanels
POSTGRES_PANELS: Callable[[Any], PanelRepository] = PostgresPanels
MEMORY_LINKS: Callable[[Any], SocialLinkRepository] = MemorySocialLinks
POSTGRES_LINKS: Callable[[Any], SocialLinkRepository] = PostgresSocialLinks
T1 = T0_US + timedelta(hours=1)


def panel(channel: Channel, title: str, position: int, **changes: Any) -> Panel:
    fields: dict[str, Any] = {
        "id": new_id(),
        "channel_id": channel.id,
        "title": title,
        "body": f"**{title}**",
        "image_url": None,
        "link_url": "https://example.com/x",
        "position": position,
        "created_at": T0_US,
        "updated_at": T0_US,
    }
    return Panel(**(fields | changes))


def link(channel: Channel, url: str, position: int, **changes: Any) -> SocialLink:
    fields: dict[str, Any] = {
        "id": new_id(),
        "channel_id": channel.id,
        "url": url,
        "label": None,
        "position": position,
        "created_at": T0_US,
        "updated_at": T0_US,
    }
    return SocialLink(**(fields | changes))


async def test_panels_list_by_position_then_id_per_channel(backend: Backend) -> None:
    ada, bob = (await backend.seed(accounts=2, channels=2)).channels
    third = panel(ada, "third", 2, image_url="https://img.example.com/p.png", link_url=None)
    first, tie_a, tie_b = panel(ada, "first", 0), panel(ada, "tie a", 1), panel(ada, "tie b", 1)
    rows = (third, tie_b, first, tie_a, panel(bob, "theirs", 0))
    await add_rows(backend, *rows, memory=MEMORY_PANELS, postgres=POSTGRES_PANELS)

    async with backend.opened(memory=MEMORY_PANELS, postgres=POSTGRES_PANELS) as (_, repo):
        assert await repo.list_for(ada.id) == [first, tie_a, tie_b, third]
        assert await repo.list_for(ada.id, lock=True) == [first, tie_a, tie_b, third]
    async with backend.opened(memory=MEMORY_PANELS, postgres=POSTGRES_PANELS) as (_, repo):
        assert [p.title for p in await repo.list_for(bob.id)] == ["theirs"]


async def test_panel_update_writes_content_only_remove_deletes(backend: Backend) -> None:
    (ada,) = (await backend.seed(accounts=1)).channels
    kept, gone = panel(ada, "kept", 0), panel(ada, "gone", 1)
    await add_rows(backend, kept, gone, memory=MEMORY_PANELS, postgres=POSTGRES_PANELS)

    changed = panel(ada, "new", 9, id=kept.id, body="b", image_url="https://i/x", created_at=T1)
    async with backend.opened(memory=MEMORY_PANELS, postgres=POSTGRES_PANELS) as (unit, repo):
        await repo.update(replace(changed, link_url=None, updated_at=T1))
        await repo.update(panel(ada, "ghost", 0))  # no such panel: nothing
        await repo.remove(gone.id)
        await repo.remove(new_id())  # no such panel: nothing
        await unit.commit()

    expected = replace(kept, title="new", body="b", image_url="https://i/x", link_url=None)
    async with backend.opened(memory=MEMORY_PANELS, postgres=POSTGRES_PANELS) as (_, repo):
        assert await repo.list_for(ada.id) == [replace(expected, updated_at=T1)]


async def test_reorder_numbers_the_given_ids_from_zero(backend: Backend) -> None:
    ada, bob = (await backend.seed(accounts=2, channels=2)).channels
    a, b, c = panel(ada, "a", 0), panel(ada, "b", 1), panel(ada, "c", 2)
    theirs = panel(bob, "theirs", 5)
    await add_rows(backend, a, b, c, theirs, memory=MEMORY_PANELS, postgres=POSTGRES_PANELS)

    async with backend.opened(memory=MEMORY_PANELS, postgres=POSTGRES_PANELS) as (unit, repo):
        # another channel's panel and an unknown id are left alone
        await repo.reorder(ada.id, [c.id, theirs.id, new_id(), a.id, b.id])
        await unit.commit()

    async with backend.opened(memory=MEMORY_PANELS, postgres=POSTGRES_PANELS) as (_, repo):
        mine = await repo.list_for(ada.id)
        assert [(p.title, p.position) for p in mine] == [("c", 0), ("a", 3), ("b", 4)]
        assert await repo.list_for(bob.id) == [theirs]


async def test_content_needs_its_channel(backend: Backend) -> None:
    nowhere = Channel(new_id(), new_id(), "none", "none", "", False, 0, T0_US, T0_US)
    lost_panel, lost_link = panel(nowhere, "x", 0), link(nowhere, "https://x", 0)
    await refused(
        backend,
        Conflict,
        lambda r: r.add(lost_panel),
        memory=MEMORY_PANELS,
        postgres=POSTGRES_PANELS,
    )
    await refused(
        backend, Conflict, lambda r: r.add(lost_link), memory=MEMORY_LINKS, postgres=POSTGRES_LINKS
    )


async def test_links_are_ordered_and_a_url_is_linked_once_per_channel(backend: Backend) -> None:
    ada, bob = (await backend.seed(accounts=2, channels=2)).channels
    yt = link(ada, "https://youtube.com/@ada", 1, label="YouTube")
    gh = link(ada, "https://github.com/ada", 0)
    # another channel may link the same url
    await add_rows(
        backend, yt, gh, link(bob, yt.url, 0), memory=MEMORY_LINKS, postgres=POSTGRES_LINKS
    )

    again, moved = link(ada, yt.url, 2), replace(gh, url=yt.url)
    await refused(
        backend, DuplicateLink, lambda r: r.add(again), memory=MEMORY_LINKS, postgres=POSTGRES_LINKS
    )
    await refused(
        backend,
        DuplicateLink,
        lambda r: r.update(moved),
        memory=MEMORY_LINKS,
        postgres=POSTGRES_LINKS,
    )

    async with backend.opened(memory=MEMORY_LINKS, postgres=POSTGRES_LINKS) as (_, repo):
        assert await repo.list_for(ada.id) == [gh, yt]


async def test_link_update_writes_url_label_and_time_only(backend: Backend) -> None:
    (ada,) = (await backend.seed(accounts=1)).channels
    gh, x = link(ada, "https://github.com/ada", 0), link(ada, "https://x.com/ada", 1)
    await add_rows(backend, gh, x, memory=MEMORY_LINKS, postgres=POSTGRES_LINKS)

    changed = link(ada, "https://github.com/ada-l", 7, id=gh.id, label="Code", created_at=T1)
    async with backend.opened(memory=MEMORY_LINKS, postgres=POSTGRES_LINKS) as (unit, repo):
        await repo.update(replace(changed, updated_at=T1))
        await repo.update(link(ada, "https://ghost", 0))  # no such link: nothing
        await repo.reorder(ada.id, [x.id, gh.id])
        await repo.remove(new_id())
        await unit.commit()

    async with backend.opened(memory=MEMORY_LINKS, postgres=POSTGRES_LINKS) as (_, repo):
        after = await repo.list_for(ada.id)
    updated = replace(gh, url="https://github.com/ada-l", label="Code", updated_at=T1)
    assert after == [replace(x, position=0), replace(updated, position=1)]
    assert after[1].platform == gh.platform


async def test_of_two_concurrent_adds_of_a_url_the_second_fails(backend: Backend) -> None:
    (ada,) = (await backend.seed(accounts=1)).channels
    winner, loser = link(ada, "https://x.com/ada", 0), link(ada, "https://x.com/ada", 0)
    await second_loses(
        backend,
        DuplicateLink,
        lambda r: r.add(winner),
        lambda r: r.add(loser),
        memory=MEMORY_LINKS,
        postgres=POSTGRES_LINKS,
    )
    async with backend.opened(memory=MEMORY_LINKS, postgres=POSTGRES_LINKS) as (_, repo):
        assert len(await repo.list_for(ada.id)) == 1
