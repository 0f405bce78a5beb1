"""Everything in memory: one ``MemoryDatabase`` per container, one unit per request."""

from __future__ import annotations

from dishka import AnyOf, Provider, Scope, provide

from streamz.adapters.memory.channel_page import MemoryChannelPages
from streamz.adapters.memory.database import MemoryDatabase, MemoryUnit
from streamz.adapters.memory.rate_limits import MemoryRateLimiter
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
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.adapters.system.clock import SystemClock
from streamz.ports.auth import SessionVerifier
from streamz.ports.channel_page import ChannelPageReader
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository, ApiTokenRepository
from streamz.ports.outbox import EventConsumers, EventPublisher, Outbox, PendingEvents
from streamz.ports.rate_limits import RateLimiter
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.transaction import TransactionManager


class MemoryProvider(Provider):
    database = provide(MemoryDatabase, scope=Scope.APP)
    clock = provide(SystemClock, provides=Clock, scope=Scope.APP)
    sessions = provide(MemorySessions, provides=SessionVerifier, scope=Scope.APP)
    rate_limiter = provide(MemoryRateLimiter, provides=RateLimiter, scope=Scope.APP)
    unit = provide(MemoryUnit, scope=Scope.REQUEST)
    accounts = provide(MemoryAccounts, provides=AccountRepository, scope=Scope.REQUEST)
    channels = provide(MemoryChannels, provides=ChannelRepository, scope=Scope.REQUEST)
    chatrooms = provide(MemoryChatrooms, provides=ChatroomRepository, scope=Scope.REQUEST)
    api_tokens = provide(MemoryApiTokens, provides=ApiTokenRepository, scope=Scope.REQUEST)
    outbox = provide(MemoryOutbox, provides=Outbox, scope=Scope.REQUEST)
    pending = provide(MemoryPendingEvents, provides=PendingEvents, scope=Scope.REQUEST)
    publisher = provide(
        MemoryEventPublisher, provides=AnyOf[EventPublisher, MemoryEventPublisher], scope=Scope.APP
    )
    consumers = provide(
        MemoryEventConsumers, provides=AnyOf[EventConsumers, MemoryEventConsumers], scope=Scope.APP
    )

    channel_roles = provide(MemoryChannelRoles, provides=ChannelRoleRepository, scope=Scope.REQUEST)
    audit_log = provide(MemoryAuditLog, provides=AuditLog, scope=Scope.REQUEST)
    channel_pages = provide(MemoryChannelPages, provides=ChannelPageReader, scope=Scope.REQUEST)

    @provide(scope=Scope.REQUEST)
    def transaction(self, unit: MemoryUnit) -> TransactionManager:
        return unit
