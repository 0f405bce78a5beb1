"""Bindings of the chat identity: chosen colours, the identity cache (Redis on servers, memory
otherwise, one per container), and the use cases."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all
from redis.asyncio import Redis

from streamz.adapters.memory.chat_identity import MemoryChatColours, MemoryIdentityCache
from streamz.adapters.postgres.chat_identity import PostgresChatColours
from streamz.adapters.redis.identity_cache import RedisIdentityCache
from streamz.core.chat.chat_identity.forget_changed import ForgetChangedIdentities
from streamz.core.chat.chat_identity.get_identity import GetChatIdentity
from streamz.core.chat.chat_identity.identities import ChatIdentities, IdentitySources
from streamz.core.chat.chat_identity.update_identity import UpdateChatIdentity
from streamz.ports.chat_identity import ChatColourRepository, IdentityCache
from streamz.ports.clock import Clock
from streamz.ports.unit_of_work import EventHandler


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope), the Redis cache (APP)."""

    scope = Scope.REQUEST

    colours = provide(PostgresChatColours, provides=ChatColourRepository)

    @provide(scope=Scope.APP)
    def cache(self, redis: Redis) -> IdentityCache:
        return RedisIdentityCache(redis)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope), the cache (APP)."""

    scope = Scope.REQUEST

    colours = provide(MemoryChatColours, provides=ChatColourRepository)

    @provide(scope=Scope.APP)
    def cache(self, clock: Clock) -> IdentityCache:
        return MemoryIdentityCache(clock)


class UseCases(Provider):
    """This context's use cases (REQUEST scope); ``ChatIdentities`` for the message path."""

    scope = Scope.REQUEST

    # cached identities follow committed role, subscription, badge and staff changes
    forget_changed = provide(ForgetChangedIdentities, provides=EventHandler, scope=Scope.APP)
    sources = provide(IdentitySources)
    identities = provide(ChatIdentities)
    use_cases = provide_all(GetChatIdentity, UpdateChatIdentity)
