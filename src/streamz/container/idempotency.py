"""Bindings of idempotency keys: records on the request's unit of work, in-flight marks on Redis
(APP scope), the service entrypoints begin and finish keyed requests with."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all
from redis.asyncio import Redis

from streamz.adapters.memory.idempotency import MemoryIdempotencyLocks, MemoryIdempotencyStore
from streamz.adapters.postgres.idempotency import PostgresIdempotencyStore
from streamz.adapters.redis.idempotency import RedisIdempotencyLocks
from streamz.core.idempotency.keys import Idempotency
from streamz.core.idempotency.sweep_keys import SweepIdempotencyKeys
from streamz.ports.idempotency import IdempotencyLocks, IdempotencyStore


class PostgresBindings(Provider):
    """Postgres records (REQUEST scope: they share the request's unit); Redis marks."""

    scope = Scope.REQUEST

    store = provide(PostgresIdempotencyStore, provides=IdempotencyStore)

    @provide(scope=Scope.APP)
    def locks(self, redis: Redis) -> IdempotencyLocks:
        return RedisIdempotencyLocks(redis)


class MemoryBindings(Provider):
    """In-memory records (REQUEST scope) and marks (APP scope)."""

    scope = Scope.REQUEST

    store = provide(MemoryIdempotencyStore, provides=IdempotencyStore)
    locks = provide(MemoryIdempotencyLocks, provides=IdempotencyLocks, scope=Scope.APP)


class UseCases(Provider):
    """This context's service and use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    use_cases = provide_all(Idempotency, SweepIdempotencyKeys)
