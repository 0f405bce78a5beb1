"""Clients and engines at APP scope, each closed cleanly on shutdown, within a bound."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import httpx
from dishka import Provider, Scope, from_context, provide
from redis.asyncio import Redis
from saq.queue.redis import RedisQueue

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz.adapters.jwks.verifier import JwksSessionVerifier, KeySource, RemoteKeys, StaticKeys
from streamz.adapters.postgres.health import PostgresHealth
from streamz.adapters.postgres.outbox import wait_fast_path
from streamz.adapters.postgres.unit import create_pool
from streamz.adapters.redis.client import connect
from streamz.adapters.redis.events import RedisEventPublisher
from streamz.adapters.redis.health import RedisHealth
from streamz.adapters.redis.rate_limits import RedisRateLimiter
from streamz.adapters.saq import QUEUE_NAME
from streamz.adapters.saq.consumers import SaqEventConsumers
from streamz.adapters.system.clock import SystemClock
from streamz.adapters.typesense.health import TypesenseHealth
from streamz.container.consumers import CONSUMERS
from streamz.ports.auth import SessionVerifier
from streamz.ports.clock import Clock
from streamz.ports.health import HealthCheck
from streamz.ports.outbox import EventConsumers, EventPublisher
from streamz.ports.rate_limits import RateLimiter
from streamz.settings import Settings, SettingsError
from streamz.shutdown import bounded_close, bounded_exit


def _require(value: str | None, name: str) -> str:
    if value is None:
        raise SettingsError(f"{name} is not set and no local services are running")
    return value


class InfraProvider(Provider):
    settings = from_context(provides=Settings, scope=Scope.APP)

    @provide(scope=Scope.APP)
    async def pool(self, settings: Settings) -> AsyncIterator[asyncpg.Pool]:
        dsn = _require(settings.database.url, "STREAMZ_DATABASE_URL")
        pool = await create_pool(dsn, settings.database.pool_size)
        yield pool
        # a connection a stuck request still holds would keep close() waiting: cut it
        await bounded_close("database pool", pool.close(), on_timeout=pool.terminate)

    @provide(scope=Scope.APP)
    async def redis(self, settings: Settings) -> AsyncIterator[Redis]:
        # bounded timeouts, one retry on a broken connection, health checks (adapters/redis)
        client = connect(
            _require(settings.redis.url, "STREAMZ_REDIS_URL"), timeout=settings.redis.timeout
        )
        yield client
        await wait_fast_path()  # publishes after commit use this client: let them finish
        await bounded_close("redis client", client.aclose())

    @provide(scope=Scope.APP)
    def publisher(self, redis: Redis) -> EventPublisher:
        return RedisEventPublisher(redis)

    @provide(scope=Scope.APP)
    async def queue(self, settings: Settings, redis: Redis) -> AsyncIterator[RedisQueue]:
        """SAQ's queue, for enqueueing: on the process's Redis client (closed with it, so the
        queue itself is never closed), or on STREAMZ_QUEUE_REDIS_URL's (a Cluster cannot hold
        it)."""
        if settings.redis.queue_url is None:
            yield RedisQueue(redis, name=QUEUE_NAME)
            return
        client = connect(settings.redis.queue_url, timeout=settings.redis.timeout)
        yield RedisQueue(client, name=QUEUE_NAME)
        await bounded_close("queue redis client", client.aclose())

    @provide(scope=Scope.APP)
    def consumers(self, queue: RedisQueue) -> EventConsumers:
        return SaqEventConsumers(queue, CONSUMERS)

    @provide(scope=Scope.APP)
    async def rate_limiter(self, redis: Redis) -> AsyncIterator[RateLimiter]:
        limiter = RedisRateLimiter(redis)
        yield limiter
        await bounded_close("rate limiter", limiter.close())

    @provide(scope=Scope.APP)
    async def http(self) -> AsyncIterator[httpx.AsyncClient]:
        async with bounded_exit("http client", httpx.AsyncClient(timeout=5.0)) as client:
            yield client

    @provide(scope=Scope.APP)
    def clock(self) -> Clock:
        return SystemClock()

    @provide(scope=Scope.APP)
    def local_issuer(self, settings: Settings) -> LocalIssuer:
        return LocalIssuer(
            settings.data_dir / "jwt-signing-key.pem",
            issuer=settings.auth.issuer,
            audience=settings.auth.audience,
        )

    @provide(scope=Scope.APP)
    def key_source(self, settings: Settings, http: httpx.AsyncClient) -> KeySource:
        if settings.auth.jwks_url is None:
            return StaticKeys(self.local_issuer(settings).jwks())
        return RemoteKeys(settings.auth.jwks_url, http)

    @provide(scope=Scope.APP)
    def session_verifier(self, settings: Settings, keys: KeySource) -> SessionVerifier:
        return JwksSessionVerifier(
            keys, issuer=settings.auth.issuer, audience=settings.auth.audience
        )

    @provide(scope=Scope.APP)
    def health_checks(
        self,
        settings: Settings,
        pool: asyncpg.Pool,
        redis: Redis,
        http: httpx.AsyncClient,
    ) -> list[HealthCheck]:
        _require(settings.search.url, "STREAMZ_TYPESENSE_URL")
        typesense = TypesenseHealth(settings.search.nodes, http)
        return [PostgresHealth(pool), RedisHealth(redis), typesense]
