"""Contract suites: one per port, each test run against the memory adapter and the Postgres
adapter, so the in-memory fakes cannot drift from the real thing.

A test takes ``backend``, seeds what the port needs with ``backend.seed(...)`` and checks the
adapter on a unit of work from ``backend.opened(memory=MemoryX, postgres=PostgresX)`` (one
transaction, as one request has; rolled back at the end unless committed). Postgres units keep
their connection until rolled back, so a test rolls back what it no longer needs
(``backend.release()``) rather than holding more than the pool's connections.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

import asyncpg
import pytest

from streamz.adapters.memory.database import MemoryDatabase, MemoryUnit
from streamz.adapters.memory.messages import MemoryMessages
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChannels, MemoryChatrooms
from streamz.adapters.memory.team import MemoryChannelRoles
from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.chatrooms import PostgresChatrooms
from streamz.adapters.postgres.messages import PostgresMessages
from streamz.adapters.postgres.team import PostgresChannelRoles
from streamz.adapters.postgres.unit import PostgresUnit, create_pool
from streamz.core.channels.entities import Channel
from streamz.core.channels.roles import RoleGrant
from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.chat.entities import Chatroom
from streamz.core.chat.messages.entities import Fragment, FragmentKind, Message
from streamz.core.identity.entities import Account, Role
from streamz.core.shared.ids import new_id
from streamz.ports.identity import AccountRepository
from streamz.ports.messages import MessageRepository
from streamz.ports.team import ChannelRoleRepository
from streamz.settings import Settings

T = TypeVar("T")
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
POOL_SIZE = 8


@dataclass(frozen=True, slots=True)
class Seeded:
    accounts: list[Account]
    channels: list[Channel]  # owned by the first accounts, slug = the owner's username
    chatrooms: list[Chatroom]  # one per channel, in the same order


@dataclass
class Backend:
    name: str  # "memory" or "postgres"
    _open: Callable[[], Any]
    units: list[Any] = field(default_factory=list)

    def unit(self) -> Any:
        """A new unit of work on this backend (``MemoryUnit`` or ``PostgresUnit``)."""
        opened = self._open()
        self.units.append(opened)
        return opened

    def pick(self, *, memory: Callable[[Any], T], postgres: Callable[[Any], T], unit: Any) -> T:
        """The adapter of this backend, built on ``unit``."""
        return memory(unit) if self.name == "memory" else postgres(unit)

    @asynccontextmanager
    async def opened(
        self, *, memory: Callable[[Any], T], postgres: Callable[[Any], T]
    ) -> AsyncIterator[tuple[Any, T]]:
        """A new unit and the adapter on it; what is not committed at the end is rolled back
        (and a Postgres unit gives its connection back)."""
        unit = self.unit()
        try:
            yield unit, self.pick(memory=memory, postgres=postgres, unit=unit)
        finally:
            await unit.rollback()

    async def release(self) -> None:
        """Roll back every unit opened so far (their connections go back to the pool)."""
        for unit in self.units:
            await unit.rollback()

    async def seed(self, accounts: int = 3, channels: int = 1) -> Seeded:
        """Committed accounts ``acc0``... and channels (with their chatrooms) owned by the
        first ``channels`` of them."""
        memory = self.name == "memory"
        unit = self.unit()
        try:
            people: AccountRepository = (MemoryAccounts if memory else PostgresAccounts)(unit)
            rooms = (MemoryChannels if memory else PostgresChannels)(unit)
            chats = (MemoryChatrooms if memory else PostgresChatrooms)(unit)
            made = [
                Account(new_id(), f"id-{n}", f"acc{n}", f"acc{n}@x.test", Role.USER, T0, T0)
                for n in range(accounts)
            ]
            for account in made:
                await people.add(account)
            owned = [
                Channel(new_id(), made[n].id, f"acc{n}", f"Acc {n}", "", False, 0, T0, T0)
                for n in range(channels)
            ]
            chatrooms = [Chatroom(new_id(), channel.id, T0) for channel in owned]
            for channel, chatroom in zip(owned, chatrooms, strict=True):
                await rooms.add(channel)
                await chats.add(chatroom)
            await unit.commit()
        finally:
            await unit.rollback()  # gives a Postgres unit's connection back
        return Seeded(made, owned, chatrooms)


@pytest.fixture(params=["memory", "postgres"])
async def backend(
    request: pytest.FixtureRequest, settings: Settings, clean: None
) -> AsyncIterator[Backend]:
    """Both backends start from empty tables (``clean``); the servers start before any test
    that needs them (``settings``), outside this fixture's event loop."""
    if request.param == "memory":
        database = MemoryDatabase()
        yield Backend("memory", lambda: MemoryUnit(database))
        return
    assert settings.database.url is not None
    pool: asyncpg.Pool[asyncpg.Record] = await create_pool(settings.database.url, POOL_SIZE)
    backend = Backend("postgres", lambda: PostgresUnit(pool))
    try:
        yield backend
    finally:
        for unit in backend.units:
            await unit.close()
        await pool.close()


def message(room: Chatroom, sender: Account, text: str = "hi", **changes: Any) -> Message:
    """A message to append (seq 0) in ``room``, sent at ``T0`` and visible at once unless
    changed."""
    identity = ChatIdentity(sender.id, sender.username, "#FF0000", False, ())
    made = Message(
        new_id(), room.id, room.channel_id, 0, sender.id, text,
        (Fragment(FragmentKind.TEXT, text),), (), None, None, identity, T0, T0,
    )  # fmt: skip
    return replace(made, **changes)


MEMORY_MESSAGES: Callable[[Any], MessageRepository] = MemoryMessages
POSTGRES_MESSAGES: Callable[[Any], MessageRepository] = PostgresMessages


async def append_messages(backend: Backend, *messages: Message) -> list[Message]:
    """``messages`` appended (each given its seq) on one unit, committed."""
    async with backend.opened(memory=MEMORY_MESSAGES, postgres=POSTGRES_MESSAGES) as (unit, repo):
        stored = [await repo.append(m) for m in messages]
        await unit.commit()
    return stored


R_contra = TypeVar("R_contra", contravariant=True)


class Adds(Protocol[R_contra]):
    async def add(self, row: R_contra, /) -> Any: ...


async def add_rows(
    backend: Backend,
    *rows: R_contra,
    memory: Callable[[Any], Adds[R_contra]],
    postgres: Callable[[Any], Adds[R_contra]],
) -> None:
    """``rows`` added with the adapter's ``add`` on one unit, committed."""
    async with backend.opened(memory=memory, postgres=postgres) as (unit, adapter):
        for row in rows:
            await adapter.add(row)
        await unit.commit()


def on(backend: Backend, unit: Any, memory: Any, postgres: Any) -> Any:
    """The adapter of this backend on ``unit``, untyped (``Backend.pick`` for a typed one)."""
    return backend.pick(memory=memory, postgres=postgres, unit=unit)


# T0 with microseconds, for rows that read back equal only if the adapter keeps them
T0_US = T0.replace(microsecond=678901)


async def refused(
    backend: Backend,
    error: type[Exception],
    write: Callable[[T], Awaitable[Any]],
    *,
    memory: Callable[[Any], T],
    postgres: Callable[[Any], T],
) -> None:
    """``write`` on a new unit's adapter is refused with ``error``: at once or, at the latest,
    at commit (memory checks some constraints only then)."""
    async with backend.opened(memory=memory, postgres=postgres) as (unit, adapter):

        async def attempt() -> None:
            await write(adapter)
            await unit.commit()

        with pytest.raises(error):
            await attempt()


async def second_loses(
    backend: Backend,
    error: type[Exception],
    first: Callable[[T], Awaitable[Any]],
    second: Callable[[T], Coroutine[Any, Any, Any]],
    *,
    memory: Callable[[Any], T],
    postgres: Callable[[Any], T],
) -> None:
    """Two open units write the same unique value, ``first`` then ``second``; the second fails
    with ``error`` once the first commits (Postgres makes it wait on the index, memory refuses
    its commit)."""
    async with (
        backend.opened(memory=memory, postgres=postgres) as (one, winner),
        backend.opened(memory=memory, postgres=postgres) as (two, loser),
    ):
        await first(winner)
        pending = asyncio.create_task(second(loser))
        await asyncio.sleep(0.05)
        await one.commit()

        async def attempt() -> None:
            await pending
            await two.commit()

        with pytest.raises(error):
            await attempt()


async def bare_channels(backend: Backend, count: int) -> Seeded:
    """``count`` committed accounts and a channel of each (slug = the owner's username), with
    no chatroom (``seed`` gives each channel one) and times with microseconds (``T0_US``)."""
    owners = (await backend.seed(accounts=count, channels=0)).accounts
    made = [
        Channel(new_id(), a.id, a.username, a.username.title(), "", False, 0, T0_US, T0_US)
        for a in owners
    ]
    await add_rows(backend, *made, memory=MemoryChannels, postgres=PostgresChannels)
    return Seeded(owners, made, [])


MEMORY_ROLES: Callable[[Any], ChannelRoleRepository] = MemoryChannelRoles
POSTGRES_ROLES: Callable[[Any], ChannelRoleRepository] = PostgresChannelRoles


async def granted(backend: Backend, *grants: RoleGrant) -> None:
    """Channel roles granted (``grants``) on one unit, committed."""
    async with backend.opened(memory=MEMORY_ROLES, postgres=POSTGRES_ROLES) as (unit, roles):
        for grant in grants:
            await roles.grant(grant)
        await unit.commit()
