"""Contract of ``ChannelRepository``: channels, their unique slugs and owners, and profiles."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.identity.entities import Account, Role
from streamz.core.identity.errors import UsernameTaken
from streamz.core.shared.ids import new_id

from .conftest import Backend

# the backend fixture asks for these while its loop runs: set them up before it
pytestmark = pytest.mark.usefixtures("settings", "clean")

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def channels(backend: Backend, unit: Any) -> Any:
    return backend.pick(memory=MemoryChannels, postgres=PostgresChannels, unit=unit)


async def finish(unit: Any) -> None:
    """Commit and give the unit's connection back (the test pool has 4)."""
    await unit.commit()
    await unit.rollback()


async def refused(unit: Any, write: Callable[[], Awaitable[None]], error: type[Exception]) -> None:
    """``write`` is refused with ``error`` at once or, at the latest, at commit."""

    async def attempt() -> None:
        await write()
        await unit.commit()

    with pytest.raises(error):
        await attempt()
    await unit.rollback()


async def owner(backend: Backend, username: str) -> Account:
    unit = backend.unit()
    account = Account(
        new_id(),
        f"ory-{username}",
        username,
        f"{username}@example.com",
        Role.PREMIUM,
        T0,
        T0,
        T0 + timedelta(seconds=1),
    )
    accounts: Any = backend.pick(memory=MemoryAccounts, postgres=PostgresAccounts, unit=unit)
    await accounts.add(account)
    await finish(unit)
    return account


def channel(account: Account, **changes: Any) -> Channel:
    fields: dict[str, Any] = {
        "id": new_id(),
        "account_id": account.id,
        "slug": account.username,
        "display_name": account.username.title(),
        "bio": "speedruns",
        "is_live": False,
        "followers_count": 0,
        "created_at": T0,
        "updated_at": T0 + timedelta(minutes=1),
    }
    return Channel(**(fields | changes))


async def added(backend: Backend, *rows: Channel) -> None:
    unit = backend.unit()
    for row in rows:
        await channels(backend, unit).add(row)
    await finish(unit)


async def test_a_channel_is_read_back_by_id_slug_and_account(backend: Backend) -> None:
    ada = await owner(backend, "ada")
    ours = channel(ada, is_live=True, followers_count=7)
    await added(backend, ours)

    repo = channels(backend, backend.unit())
    assert await repo.get(ours.id) == ours
    assert await repo.by_slug("ada") == ours
    assert await repo.by_account(ada.id) == ours
    assert await repo.get(new_id()) is None
    assert await repo.by_slug("nobody") is None
    assert await repo.by_account(uuid.uuid4()) is None


async def test_an_uncommitted_channel_is_seen_only_by_its_unit(backend: Backend) -> None:
    ada = await owner(backend, "ada")
    writer, reader = backend.unit(), backend.unit()
    ours = channel(ada)
    await channels(backend, writer).add(ours)
    assert await channels(backend, writer).by_slug("ada") == ours
    assert await channels(backend, reader).by_slug("ada") is None
    await writer.rollback()
    assert await channels(backend, backend.unit()).by_slug("ada") is None


async def test_slugs_are_unique_one_channel_per_existing_account(backend: Backend) -> None:
    ada, bob = await owner(backend, "ada"), await owner(backend, "bob")
    await added(backend, channel(ada))

    unit = backend.unit()
    await refused(
        unit, lambda: channels(backend, unit).add(channel(bob, slug="ada")), UsernameTaken
    )
    unit = backend.unit()
    await refused(unit, lambda: channels(backend, unit).add(channel(ada, slug="ada2")), Conflict)
    ghost = Account(uuid.uuid4(), "x", "ghost", "g@example.com", Role.USER, T0, T0)
    unit = backend.unit()
    await refused(unit, lambda: channels(backend, unit).add(channel(ghost)), Conflict)

    repo = channels(backend, backend.unit())
    assert await repo.by_account(bob.id) is None
    assert await repo.by_slug("ada2") is None
    assert await repo.by_slug("ghost") is None


async def test_the_profile_is_the_channel_with_its_whole_owner(backend: Backend) -> None:
    ada, bob = await owner(backend, "ada"), await owner(backend, "bob")
    ours, theirs = channel(ada), channel(bob, bio="")
    await added(backend, ours, theirs)

    repo = channels(backend, backend.unit())
    assert await repo.profile(channel_id=ours.id, slug=None) == (ours, ada)
    assert await repo.profile(channel_id=None, slug="bob") == (theirs, bob)
    # the id decides when both are given
    assert await repo.profile(channel_id=ours.id, slug="bob") == (ours, ada)
    assert await repo.profile(channel_id=new_id(), slug=None) is None
    assert await repo.profile(channel_id=None, slug="nobody") is None


async def test_of_two_concurrent_channels_with_one_slug_the_second_fails(
    backend: Backend,
) -> None:
    ada, bob = await owner(backend, "ada"), await owner(backend, "bob")
    first, second = backend.unit(), backend.unit()
    ours = channel(ada, slug="shared")
    await channels(backend, first).add(ours)
    pending = asyncio.create_task(channels(backend, second).add(channel(bob, slug="shared")))
    await asyncio.sleep(0.05)
    await finish(first)

    async def attempt() -> None:
        await pending
        await second.commit()

    with pytest.raises(UsernameTaken):
        await attempt()
    await second.rollback()
    repo = channels(backend, backend.unit())
    assert await repo.by_slug("shared") == ours
    assert await repo.by_account(bob.id) is None
