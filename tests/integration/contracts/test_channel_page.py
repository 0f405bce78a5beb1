"""Contract of ``ChannelPageReader``: everything a channel page shows, read together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.about import MemoryPanels, MemorySocialLinks
from streamz.adapters.memory.badges import MemoryBadges
from streamz.adapters.memory.channel_page import MemoryChannelPages
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.memory.team import MemoryChannelRoles
from streamz.adapters.postgres.about import PostgresPanels, PostgresSocialLinks
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.badges import PostgresBadges
from streamz.adapters.postgres.channel_page import PostgresChannelPages
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.team import PostgresChannelRoles
from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.entities import Channel
from streamz.core.channels.roles import ChannelRole, Permission, RoleGrant
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.channel_page import ChannelPageData

from .conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
T1 = T0 + timedelta(seconds=1)


def pages(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryChannelPages, postgres=PostgresChannelPages, unit=unit)


class Seed:
    """The adapters of one unit, to write what a page shows."""

    def __init__(self, backend: Backend) -> None:
        self.unit = backend.unit()
        pick, unit = backend.pick, self.unit
        self.accounts: Any = pick(memory=MemoryAccounts, postgres=PostgresAccounts, unit=unit)
        self.channels: Any = pick(memory=MemoryChannels, postgres=PostgresChannels, unit=unit)
        self.panels: Any = pick(memory=MemoryPanels, postgres=PostgresPanels, unit=unit)
        self.links: Any = pick(memory=MemorySocialLinks, postgres=PostgresSocialLinks, unit=unit)
        self.badges: Any = pick(memory=MemoryBadges, postgres=PostgresBadges, unit=unit)
        self.roles: Any = pick(memory=MemoryChannelRoles, postgres=PostgresChannelRoles, unit=unit)

    async def person(self, name: str, *, verified: bool = False) -> Account:
        account = Account(
            new_id(),
            f"ory-{name}",
            name,
            f"{name}@example.com",
            Role.PREMIUM,
            T0,
            T1,
            T1 if verified else None,
        )
        await self.accounts.add(account)
        return account

    async def channel(self, owner: Account) -> Channel:
        channel = Channel(new_id(), owner.id, owner.username, "Ada L.", "bio", True, 3, T0, T1)
        await self.channels.add(channel)
        return channel

    async def grant(self, channel: Channel, account: Account, role: ChannelRole) -> None:
        perms = frozenset({Permission.BAN}) if role is ChannelRole.MODERATOR else frozenset()
        grant = RoleGrant(new_id(), channel.id, account.id, role, perms, None, T0)
        await self.roles.grant(grant)

    async def done(self) -> None:
        await self.unit.commit()
        await self.unit.rollback()


async def test_the_page_holds_the_channel_owner_content_and_role_counts(
    backend: Backend,
) -> None:
    seed = Seed(backend)
    ada = await seed.person("ada", verified=True)
    bob, cat, dan = await seed.person("bob"), await seed.person("cat"), await seed.person("dan")
    channel, theirs = await seed.channel(ada), await seed.channel(bob)
    second = Panel(new_id(), channel.id, "Rules", "be **nice**", None, None, 1, T0, T1)
    first = Panel(
        new_id(), channel.id, "Gear", "", "https://i.example.com/g.png", "https://x.y", 0, T1, T1
    )
    gh = SocialLink(new_id(), channel.id, "https://github.com/ada", "Code", 1, T0, T0)
    yt = SocialLink(new_id(), channel.id, "https://youtube.com/@ada", None, 0, T0, T1)
    six = Badge(new_id(), channel.id, 6, "badges/6.png", "image/png", 72, 72, T0)
    one = Badge(new_id(), channel.id, 1, "badges/1.gif", "image/gif", 18, 18, T1)
    for item in (second, first, Panel(new_id(), theirs.id, "x", "", None, None, 0, T0, T0)):
        await seed.panels.add(item)
    for link in (gh, yt, SocialLink(new_id(), theirs.id, gh.url, None, 0, T0, T0)):
        await seed.links.add(link)
    for badge in (six, one, Badge(new_id(), theirs.id, 3, "k", "image/png", 18, 18, T0)):
        await seed.badges.add(badge)
    await seed.grant(channel, bob, ChannelRole.MODERATOR)
    await seed.grant(channel, cat, ChannelRole.MODERATOR)
    await seed.grant(channel, cat, ChannelRole.VIP)
    await seed.grant(channel, dan, ChannelRole.OG)
    await seed.grant(theirs, dan, ChannelRole.VIP)
    await seed.done()

    expected = ChannelPageData(channel, ada, [first, second], [yt, gh], [one, six], 2, 1, 1)
    reader = pages(backend, backend.unit())
    assert await reader.page(channel_id=channel.id, slug=None) == expected
    assert await reader.page(channel_id=None, slug="ada") == expected
    assert await reader.page(channel_id=channel.id, slug="bob") == expected  # the id decides
    other = await reader.page(channel_id=None, slug="bob")
    assert other is not None
    assert (other.owner, len(other.panels), other.badges[0].months) == (bob, 1, 3)
    assert (other.moderators, other.vips, other.ogs) == (0, 1, 0)


async def test_a_bare_channel_has_an_empty_page_and_unknown_ones_none(backend: Backend) -> None:
    seed = Seed(backend)
    ada = await seed.person("ada")
    channel = await seed.channel(ada)
    await seed.done()

    reader = pages(backend, backend.unit())
    assert await reader.page(channel_id=None, slug="ada") == ChannelPageData(
        channel, ada, [], [], [], 0, 0, 0
    )
    assert await reader.page(channel_id=new_id(), slug=None) is None
    assert await reader.page(channel_id=None, slug="nobody") is None


async def test_the_page_shows_committed_content_only(backend: Backend) -> None:
    seed = Seed(backend)
    channel = await seed.channel(await seed.person("ada"))
    await seed.done()

    writer = Seed(backend)
    await writer.panels.add(Panel(new_id(), channel.id, "draft", "", None, None, 0, T0, T0))
    reader = pages(backend, backend.unit())
    page = await reader.page(channel_id=channel.id, slug=None)
    assert page is not None
    assert page.panels == []
    await writer.done()
    page = await pages(backend, backend.unit()).page(channel_id=channel.id, slug=None)
    assert page is not None
    assert [p.title for p in page.panels] == ["draft"]
