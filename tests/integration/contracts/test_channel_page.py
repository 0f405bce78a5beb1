"""Contract of ``ChannelPageReader``: everything a channel page shows, read together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from streamz.adapters.memory.about import MemoryPanels, MemorySocialLinks
from streamz.adapters.memory.badges import MemoryBadges
from streamz.adapters.memory.channel_page import MemoryChannelPages
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.postgres.about import PostgresPanels, PostgresSocialLinks
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.badges import PostgresBadges
from streamz.adapters.postgres.channel_page import PostgresChannelPages
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.entities import Channel
from streamz.core.channels.roles import ChannelRole, Permission, RoleGrant
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.about import PanelRepository, SocialLinkRepository
from streamz.ports.badges import BadgeRepository
from streamz.ports.channel_page import ChannelPageData, ChannelPageReader
from streamz.ports.channels import ChannelRepository
from streamz.ports.identity import AccountRepository

from .conftest import T0_US, Backend, add_rows, granted

MEMORY: Callable[[Any], ChannelPageReader] = MemoryChannelPages
POSTGRES: Callable[[Any], ChannelPageReader] = PostgresChannelPages
MEMORY_ACCOUNTS: Callable[[Any], AccountRepository] = MemoryAccounts
POSTGRES_ACCOUNTS: Callable[[Any], AccountRepository] = PostgresAccounts
MEMORY_CHANNELS: Callable[[Any], ChannelRepository] = MemoryChannels
POSTGRES_CHANNELS: Callable[[Any], ChannelRepository] = PostgresChannels
MEMORY_PANELS: Callable[[Any], PanelRepository] = MemoryPanels
POSTGRES_PANELS: Callable[[Any], PanelRepository] = PostgresPanels
MEMORY_LINKS: Callable[[Any], SocialLinkRepository] = MemorySocialLinks
POSTGRES_LINKS: Callable[[Any], SocialLinkRepository] = PostgresSocialLinks
MEMORY_BADGES: Callable[[Any], BadgeRepository] = MemoryBadges
POSTGRES_BADGES: Callable[[Any], BadgeRepository] = PostgresBadges
T1 = T0_US + timedelta(seconds=1)


def person(name: str, *, verified: bool = False) -> Account:
    email, confirmed = f"{name}@example.com", T1 if verified else None
    return Account(new_id(), f"ory-{name}", name, email, Role.PREMIUM, T0_US, T1, confirmed)


async def owners(backend: Backend, *people: Account, channels: int = 1) -> list[Channel]:
    """``people`` committed, and a channel of each of the first ``channels`` of them; every
    field set (a page reads them back whole), unlike the shared seed's."""
    made = [
        Channel(new_id(), owner.id, owner.username, "Ada L.", "bio", True, 3, T0_US, T1)
        for owner in people[:channels]
    ]
    await add_rows(backend, *people, memory=MEMORY_ACCOUNTS, postgres=POSTGRES_ACCOUNTS)
    await add_rows(backend, *made, memory=MEMORY_CHANNELS, postgres=POSTGRES_CHANNELS)
    return made


def grant(channel: Channel, account: Account, role: ChannelRole) -> RoleGrant:
    perms = frozenset({Permission.BAN}) if role is ChannelRole.MODERATOR else frozenset()
    return RoleGrant(new_id(), channel.id, account.id, role, perms, None, T0_US)


async def test_the_page_holds_the_channel_owner_content_and_role_counts(
    backend: Backend,
) -> None:
    ada, bob, cat, dan = person("ada", verified=True), person("bob"), person("cat"), person("dan")
    channel, theirs = await owners(backend, ada, bob, cat, dan, channels=2)
    second = Panel(new_id(), channel.id, "Rules", "be **nice**", None, None, 1, T0_US, T1)
    first = Panel(
        new_id(), channel.id, "Gear", "", "https://i.example.com/g.png", "https://x.y", 0, T1, T1
    )
    gh = SocialLink(new_id(), channel.id, "https://github.com/ada", "Code", 1, T0_US, T0_US)
    yt = SocialLink(new_id(), channel.id, "https://youtube.com/@ada", None, 0, T0_US, T1)
    six = Badge(new_id(), channel.id, 6, "badges/6.png", "image/png", 72, 72, T0_US)
    one = Badge(new_id(), channel.id, 1, "badges/1.gif", "image/gif", 18, 18, T1)
    await add_rows(
        backend,
        second,
        first,
        Panel(new_id(), theirs.id, "x", "", None, None, 0, T0_US, T0_US),
        memory=MEMORY_PANELS,
        postgres=POSTGRES_PANELS,
    )
    await add_rows(
        backend,
        gh,
        yt,
        SocialLink(new_id(), theirs.id, gh.url, None, 0, T0_US, T0_US),
        memory=MEMORY_LINKS,
        postgres=POSTGRES_LINKS,
    )
    await add_rows(
        backend,
        six,
        one,
        Badge(new_id(), theirs.id, 3, "k", "image/png", 18, 18, T0_US),
        memory=MEMORY_BADGES,
        postgres=POSTGRES_BADGES,
    )
    await granted(
        backend,
        grant(channel, bob, ChannelRole.MODERATOR),
        grant(channel, cat, ChannelRole.MODERATOR),
        grant(channel, cat, ChannelRole.VIP),
        grant(channel, dan, ChannelRole.OG),
        grant(theirs, dan, ChannelRole.VIP),
    )

    expected = ChannelPageData(channel, ada, [first, second], [yt, gh], [one, six], 2, 1, 1)
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, reader):
        assert await reader.page(channel_id=channel.id, slug=None) == expected
        assert await reader.page(channel_id=None, slug="ada") == expected
        assert await reader.page(channel_id=channel.id, slug="bob") == expected  # the id decides
        other = await reader.page(channel_id=None, slug="bob")
    assert other is not None
    assert (other.owner, len(other.panels), other.badges[0].months) == (bob, 1, 3)
    assert (other.moderators, other.vips, other.ogs) == (0, 1, 0)


async def test_a_bare_channel_has_an_empty_page_and_unknown_ones_none(backend: Backend) -> None:
    ada = person("ada")
    (channel,) = await owners(backend, ada)

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, reader):
        assert await reader.page(channel_id=None, slug="ada") == ChannelPageData(
            channel, ada, [], [], [], 0, 0, 0
        )
        assert await reader.page(channel_id=new_id(), slug=None) is None
        assert await reader.page(channel_id=None, slug="nobody") is None


async def test_the_page_shows_committed_content_only(backend: Backend) -> None:
    (channel,) = await owners(backend, person("ada"))

    draft = Panel(new_id(), channel.id, "draft", "", None, None, 0, T0_US, T0_US)
    async with backend.opened(memory=MEMORY_PANELS, postgres=POSTGRES_PANELS) as (writer, panels):
        await panels.add(draft)
        async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, reader):
            page = await reader.page(channel_id=channel.id, slug=None)
        assert page is not None
        assert page.panels == []
        await writer.commit()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, reader):
        page = await reader.page(channel_id=channel.id, slug=None)
    assert page is not None
    assert [p.title for p in page.panels] == ["draft"]
