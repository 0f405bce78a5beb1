"""A small world for unit tests: one in-memory database, a fixed clock, use case factories.

Every factory opens a fresh ``MemoryUnit`` (one transaction), as one request would.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TypeVar

import pytest

from streamz.adapters.memory.database import FixedClock, MemoryDatabase, MemoryUnit, Tables
from streamz.adapters.memory.realtime import MemoryRealtime
from streamz.adapters.memory.repositories import (
    MemoryAccounts,
    MemoryApiTokens,
    MemoryChannels,
    MemoryChatrooms,
    MemoryEventConsumers,
    MemoryEventPublisher,
    MemoryOutbox,
    MemoryPendingEvents,
)
from streamz.adapters.memory.sessions import MemorySessions
from streamz.core.channels.get_channel import GetChannel
from streamz.core.errors import StreamzError
from streamz.core.events.relay_outbox import RelayOutbox
from streamz.core.identity.authenticate import Authenticate
from streamz.core.identity.change_email import ChangeEmail
from streamz.core.identity.create_api_token import (
    CreateApiToken,
    CreateApiTokenRequest,
    CreatedApiToken,
)
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Role
from streamz.core.identity.get_account import GetAccount
from streamz.core.identity.list_api_tokens import ListApiTokens
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.core.identity.revoke_api_token import RevokeApiToken
from streamz.core.identity.set_role import SetRole
from streamz.core.shared.unit_of_work import OutboxUnitOfWork
from streamz.ports.outbox import EventPublisher
from streamz.ports.unit_of_work import EventHandler

T0 = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
SYSTEM = Principal.system()
ANONYMOUS = Principal.anonymous()

E = TypeVar("E", bound=StreamzError)


@dataclass(slots=True)
class Repos:
    """One open transaction and the repositories that share it."""

    unit: MemoryUnit
    accounts: MemoryAccounts
    channels: MemoryChannels
    chatrooms: MemoryChatrooms
    tokens: MemoryApiTokens
    outbox: MemoryOutbox
    pending: MemoryPendingEvents
    uow: OutboxUnitOfWork  # the unit's transaction and outbox, with the world's handlers


_UNITS_OF_WORK: weakref.WeakKeyDictionary[MemoryUnit, OutboxUnitOfWork] = (
    weakref.WeakKeyDictionary()
)


def uow_of(unit: MemoryUnit, handlers: Sequence[EventHandler] = ()) -> OutboxUnitOfWork:
    """The unit of work over ``unit`` and its outbox (the same one each call for that unit)."""
    found = _UNITS_OF_WORK.get(unit)
    if found is None:
        found = _UNITS_OF_WORK[unit] = OutboxUnitOfWork(unit, MemoryOutbox(unit), handlers)
    return found


class World:
    def __init__(self) -> None:
        self.db = MemoryDatabase()
        self.clock = FixedClock(T0)
        self.sessions = MemorySessions()
        self.publisher = MemoryEventPublisher()
        self.realtime = MemoryRealtime()
        self.consumers = MemoryEventConsumers()
        self.handlers: list[EventHandler] = []  # in-process reactions to committed events

    def open(self) -> Repos:
        unit = MemoryUnit(self.db)
        outbox = MemoryOutbox(unit)
        return Repos(
            unit,
            MemoryAccounts(unit),
            MemoryChannels(unit),
            MemoryChatrooms(unit),
            MemoryApiTokens(unit),
            outbox,
            MemoryPendingEvents(unit),
            OutboxUnitOfWork(unit, outbox, self.handlers),
        )

    def snapshot(self) -> Tables:
        return self.db.tables.copy()

    @property
    def tables(self) -> Tables:
        return self.db.tables

    def topics(self) -> list[str]:
        return [event.topic for event in self.db.tables.outbox]

    # use cases, each on a new unit of work

    def register_account(self) -> RegisterAccount:
        r = self.open()
        return RegisterAccount(r.accounts, r.channels, r.chatrooms, r.uow, self.clock)

    def change_email(self) -> ChangeEmail:
        r = self.open()
        return ChangeEmail(r.accounts, r.uow, self.clock)

    def set_role(self) -> SetRole:
        r = self.open()
        return SetRole(r.accounts, r.uow, self.clock)

    def get_account(self) -> GetAccount:
        r = self.open()
        return GetAccount(r.accounts, r.channels)

    def get_channel(self) -> GetChannel:
        r = self.open()
        return GetChannel(r.channels)

    def create_api_token(self) -> CreateApiToken:
        r = self.open()
        return CreateApiToken(r.tokens, r.uow, self.clock)

    def list_api_tokens(self) -> ListApiTokens:
        return ListApiTokens(self.open().tokens)

    def revoke_api_token(self) -> RevokeApiToken:
        r = self.open()
        return RevokeApiToken(r.tokens, r.uow, self.clock)

    def authenticate(self) -> Authenticate:
        r = self.open()
        return Authenticate(r.accounts, r.tokens, self.sessions, self.clock)

    def relay_outbox(self, publisher: EventPublisher | None = None) -> RelayOutbox:
        r = self.open()
        return RelayOutbox(
            r.pending,
            publisher or self.publisher,
            r.uow,
            self.clock,
            self.realtime,
            self.consumers,
        )

    # arrangements

    async def register(
        self, username: str, *, role: Role = Role.USER, email: str | None = None
    ) -> Account:
        request = RegisterAccountRequest(
            SYSTEM, f"identity-{username}", username, email or f"{username}@example.com"
        )
        account = (await self.register_account()(request)).account
        if role is not Role.USER:
            r = self.open()
            account = replace(account, role=role)
            await r.accounts.update(account)
            await r.unit.commit()
        return account

    async def token(
        self, owner: Account, scopes: list[str] | None = None, *, days: int | None = None
    ) -> CreatedApiToken:
        request = CreateApiTokenRequest(
            user(owner), "ci", scopes or ["chat:write"], expires_in_days=days
        )
        return await self.create_api_token()(request)


def user(account: Account) -> Principal:
    """The principal of a signed-in session of ``account``."""
    return Principal(PrincipalKind.USER, account.id, account.role)


async def fails(world: World, call: Awaitable[object], error: type[E], code: str) -> E:
    """Awaits ``call``, expects ``error`` with ``code``, and checks nothing was committed."""
    before = world.snapshot()
    with pytest.raises(error) as info:
        await call
    assert info.value.code == code
    assert world.tables == before
    return info.value
