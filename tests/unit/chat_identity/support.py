"""The chat-identity unit world: the whole in-memory container (so writers' cache
invalidation runs as wired) with a clock tests move by hand."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, TypeVar, cast

import pytest
from dishka import Provider, Scope, provide

from streamz.adapters.memory.chat_identity import MemoryIdentityCache
from streamz.adapters.memory.database import FixedClock, MemoryDatabase, Tables
from streamz.core.channels.entities import Channel
from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.chat.chat_identity.get_identity import GetChatIdentity, GetChatIdentityRequest
from streamz.core.chat.chat_identity.identities import ChatIdentities
from streamz.core.errors import StreamzError
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Role
from streamz.core.identity.entities import Scope as Sc
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.core.identity.set_role import SetRole, SetRoleRequest
from streamz.library import Streamz
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat_identity import IdentityCache
from streamz.ports.clock import Clock
from tests.unit.support import ANONYMOUS, SYSTEM, T0

E = TypeVar("E", bound=StreamzError)


class _FixedClock(Provider):
    def __init__(self, clock: FixedClock) -> None:
        super().__init__()
        self._clock = clock

    @provide(scope=Scope.APP, override=True)
    def clock(self) -> Clock:
        return self._clock


class IdentityWorld:
    def __init__(self) -> None:
        self.clock = FixedClock(T0)
        self.streamz = Streamz.in_memory(_FixedClock(self.clock))

    async def call(self, use_case: type[Any], request: object) -> Any:
        return await self.streamz.call(use_case, request)

    async def register(self, name: str, *, staff: bool = False) -> Account:
        request = RegisterAccountRequest(SYSTEM, f"id-{name}", name, f"{name}@example.com")
        account: Account = (await self.call(RegisterAccount, request)).account
        if staff:
            account = await self.call(SetRole, SetRoleRequest(SYSTEM, name, Role.STAFF))
        return account

    async def identity(self, channel: str, user: str) -> ChatIdentity:
        found: ChatIdentity = await self.call(
            GetChatIdentity, GetChatIdentityRequest(ANONYMOUS, channel, user)
        )
        return found

    async def channel(self, slug: str) -> Channel:
        async with self.streamz.container() as scope:
            channels = await scope.get(ChannelRepository)
            found: Channel | None = await channels.by_slug(slug)
        assert found is not None
        return found

    async def of(self, channel: Channel, account: Account | uuid.UUID) -> ChatIdentity:
        """``ChatIdentities.of``, as the message path calls it."""
        account_id = account.id if isinstance(account, Account) else account
        async with self.streamz.container() as scope:
            identities = await scope.get(ChatIdentities)
            return await identities.of(channel, account_id)

    async def cache(self) -> MemoryIdentityCache:
        return cast(MemoryIdentityCache, await self.streamz.container.get(IdentityCache))

    async def tables(self) -> Tables:
        return (await self.streamz.container.get(MemoryDatabase)).tables

    async def snapshot(self) -> Tables:
        return (await self.tables()).copy()

    async def topics(self) -> list[str]:
        return [e.topic for e in (await self.tables()).outbox]

    async def audit_actions(self) -> list[tuple[str, str]]:
        rows = (await self.tables()).table("channel_audit_log").values()
        return [(e.action, str(e.acting_as)) for e in rows]

    def later(self, **delta: float) -> None:
        self.clock.current += timedelta(**delta)

    async def fails(self, call: Any, error: type[E], code: str) -> E:
        """Awaits ``call``, expects ``error`` with ``code``, and checks nothing was written."""
        before = await self.snapshot()
        with pytest.raises(error) as info:
            await call
        assert info.value.code == code
        assert await self.tables() == before
        return info.value


def user(account: Account) -> Principal:
    return Principal(PrincipalKind.USER, account.id, account.role)


def staff(account: Account) -> Principal:
    return Principal(PrincipalKind.STAFF, account.id, Role.STAFF)


def token(account: Account, *scopes: str) -> Principal:
    return Principal(PrincipalKind.TOKEN, account.id, account.role, frozenset(map(Sc, scopes)))
