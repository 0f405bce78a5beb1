"""Repositories on the request's Postgres session (REQUEST scope)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.api_tokens import PostgresApiTokens
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.chatrooms import PostgresChatrooms
from streamz.adapters.postgres.outbox import PostgresOutbox, PostgresPendingEvents
from streamz.adapters.postgres.transaction import PostgresTransaction
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.identity import AccountRepository, ApiTokenRepository
from streamz.ports.outbox import Outbox, PendingEvents
from streamz.ports.transaction import TransactionManager


class PostgresProvider(Provider):
    scope = Scope.REQUEST

    @provide
    async def session(
        self, factory: async_sessionmaker[AsyncSession]
    ) -> AsyncIterator[AsyncSession]:
        async with factory() as session:
            yield session

    accounts = provide(PostgresAccounts, provides=AccountRepository)
    channels = provide(PostgresChannels, provides=ChannelRepository)
    chatrooms = provide(PostgresChatrooms, provides=ChatroomRepository)
    api_tokens = provide(PostgresApiTokens, provides=ApiTokenRepository)
    outbox = provide(PostgresOutbox, provides=Outbox)
    pending = provide(PostgresPendingEvents, provides=PendingEvents)
    transaction = provide(PostgresTransaction, provides=TransactionManager)
