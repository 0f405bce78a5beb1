"""Contract of ``ChannelRepository``: channels, their unique slugs and owners, and profiles."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.identity.errors import UsernameTaken
from streamz.core.shared.ids import new_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.identity import AccountRepository

from .conftest import T0_US, Backend, add_rows, refused, second_loses

MEMORY: Callable[[Any], ChannelRepository] = MemoryChannels
POSTGRES: Callable[[Any], ChannelRepository] = PostgresChannels
MEMORY_ACCOUNTS: Callable[[Any], AccountRepository] = MemoryAccounts
POSTGRES_ACCOUNTS: Callable[[Any], AccountRepository] = PostgresAccounts
SECOND = timedelta(seconds=1)


def owner(username: str) -> Account:
    identity, email, verified = f"ory-{username}", f"{username}@example.com", T0_US + SECOND
    return Account(new_id(), identity, username, email, Role.PREMIUM, T0_US, T0_US, verified)


async def owners(backend: Backend, *usernames: str) -> list[Account]:
    """Committed accounts with every field set (a profile reads them back whole), unlike the
    shared seed's."""
    made = [owner(username) for username in usernames]
    await add_rows(backend, *made, memory=MEMORY_ACCOUNTS, postgres=POSTGRES_ACCOUNTS)
    return made


def channel(account: Account, **changes: Any) -> Channel:
    fields: dict[str, Any] = {
        "id": new_id(),
        "account_id": account.id,
        "slug": account.username,
        "display_name": account.username.title(),
        "bio": "speedruns",
        "is_live": False,
        "followers_count": 0,
        "created_at": T0_US,
        "updated_at": T0_US + timedelta(minutes=1),
    }
    return Channel(**(fields | changes))


async def test_a_channel_is_read_back_by_id_slug_and_account(backend: Backend) -> None:
    (ada,) = await owners(backend, "ada")
    ours = channel(ada, is_live=True, followers_count=7)
    await add_rows(backend, ours, memory=MEMORY, postgres=POSTGRES)

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.get(ours.id) == ours
        assert await repo.by_slug("ada") == ours
        assert await repo.by_account(ada.id) == ours
        assert await repo.get(new_id()) is None
        assert await repo.by_slug("nobody") is None
        assert await repo.by_account(uuid.uuid4()) is None


async def test_an_uncommitted_channel_is_seen_only_by_its_unit(backend: Backend) -> None:
    (ada,) = await owners(backend, "ada")
    ours = channel(ada)
    async with (
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (writer, repo),
        backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, reader),
    ):
        await repo.add(ours)
        assert await repo.by_slug("ada") == ours
        assert await reader.by_slug("ada") is None
        await writer.rollback()
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.by_slug("ada") is None


async def test_slugs_are_unique_one_channel_per_existing_account(backend: Backend) -> None:
    ada, bob = await owners(backend, "ada", "bob")
    await add_rows(backend, channel(ada), memory=MEMORY, postgres=POSTGRES)

    taken, second = channel(bob, slug="ada"), channel(ada, slug="ada2")
    await refused(backend, UsernameTaken, lambda r: r.add(taken), memory=MEMORY, postgres=POSTGRES)
    await refused(backend, Conflict, lambda r: r.add(second), memory=MEMORY, postgres=POSTGRES)
    ghost = channel(Account(uuid.uuid4(), "x", "ghost", "g@example.com", Role.USER, T0_US, T0_US))
    await refused(backend, Conflict, lambda r: r.add(ghost), memory=MEMORY, postgres=POSTGRES)

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.by_account(bob.id) is None
        assert await repo.by_slug("ada2") is None
        assert await repo.by_slug("ghost") is None


async def test_the_profile_is_the_channel_with_its_whole_owner(backend: Backend) -> None:
    ada, bob = await owners(backend, "ada", "bob")
    ours, theirs = channel(ada), channel(bob, bio="")
    await add_rows(backend, ours, theirs, memory=MEMORY, postgres=POSTGRES)

    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.profile(channel_id=ours.id, slug=None) == (ours, ada)
        assert await repo.profile(channel_id=None, slug="bob") == (theirs, bob)
        # the id decides when both are given
        assert await repo.profile(channel_id=ours.id, slug="bob") == (ours, ada)
        assert await repo.profile(channel_id=new_id(), slug=None) is None
        assert await repo.profile(channel_id=None, slug="nobody") is None


async def test_of_two_concurrent_channels_with_one_slug_the_second_fails(
    backend: Backend,
) -> None:
    ada, bob = await owners(backend, "ada", "bob")
    ours, theirs = channel(ada, slug="shared"), channel(bob, slug="shared")
    await second_loses(
        backend,
        UsernameTaken,
        lambda r: r.add(ours),
        lambda r: r.add(theirs),
        memory=MEMORY,
        postgres=POSTGRES,
    )
    async with backend.opened(memory=MEMORY, postgres=POSTGRES) as (_, repo):
        assert await repo.by_slug("shared") == ours
        assert await repo.by_account(bob.id) is None
