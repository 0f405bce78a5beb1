"""Repositories on the request's PostgreSQL unit of work (REQUEST scope)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
from dishka import Provider, Scope, provide

from streamz.adapters.postgres.accounts import PostgresAccounts
from streamz.adapters.postgres.api_tokens import PostgresApiTokens
from streamz.adapters.postgres.channel_page import PostgresChannelPages
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.chatrooms import PostgresChatrooms
from streamz.adapters.postgres.outbox import PostgresPendingEvents, PublishingOutbox
from streamz.adapters.postgres.team import PostgresAuditLog, PostgresChannelRoles
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.ports.channel_page import ChannelPageReader
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.identity import AccountRepository, ApiTokenRepository
from streamz.ports.outbox import Outbox, PendingEvents
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.transaction import TransactionManager


class PostgresProvider(Provider):
    scope = Scope.REQUEST

    @provide
    async def unit(self, pool: asyncpg.Pool) -> AsyncIterator[PostgresUnit]:
        unit = PostgresUnit(pool)
        try:
            yield unit
        finally:
            await unit.close()

    @provide
    def transaction(self, unit: PostgresUnit) -> TransactionManager:
        return unit

    accounts = provide(PostgresAccounts, provides=AccountRepository)
    channels = provide(PostgresChannels, provides=ChannelRepository)
    chatrooms = provide(PostgresChatrooms, provides=ChatroomRepository)
    api_tokens = provide(PostgresApiTokens, provides=ApiTokenRepository)
    outbox = provide(PublishingOutbox, provides=Outbox)
    pending = provide(PostgresPendingEvents, provides=PendingEvents)
    channel_roles = provide(PostgresChannelRoles, provides=ChannelRoleRepository)
    audit_log = provide(PostgresAuditLog, provides=AuditLog)
    channel_pages = provide(PostgresChannelPages, provides=ChannelPageReader)
