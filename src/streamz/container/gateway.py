"""Bindings of the websocket gateway: the process's pub/sub listener, presence, instance
stats and connections per client address in Redis, viewer samples in PostgreSQL, the realtime
use cases, and the runtime that keeps the process's hub and stops it when the container closes.

The hub itself lives in ``streamz.entrypoints.gateway`` (an entrypoint: the container may not
import it); the ``/ws`` route starts it on first use through ``GatewayRuntime``, whose
finalizer stops it before Redis and the database pool close.

The in-memory container has no gateway (no listener, presence or samples): only the use cases
that need nothing more (``PublishEvent``, ``ResolveTopic``, ``RoomHead``, ``RoomTeam``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol, TypeVar, cast

import asyncpg
from dishka import Provider, Scope, provide, provide_all
from redis.asyncio import Redis

from streamz.adapters.postgres.viewers import PostgresViewerSamples
from streamz.adapters.redis.connection_slots import RedisConnectionSlots
from streamz.adapters.redis.presence import RedisGatewayStats, RedisPresence
from streamz.adapters.redis.realtime_listener import RedisRealtimeListener
from streamz.core.realtime.gateway_stats import ListGatewayInstances
from streamz.core.realtime.publish_event import PublishEvent
from streamz.core.realtime.resolve_topic import ResolveTopic
from streamz.core.realtime.room_head import RoomHead
from streamz.core.realtime.room_team import RoomTeam
from streamz.core.realtime.viewers import RecordViewers
from streamz.ports.connection_slots import ConnectionSlots
from streamz.ports.presence import GatewayStatsStore, Presence, ViewerSampleRepository
from streamz.settings import Settings
from streamz.shutdown import bounded_close


class Closeable(Protocol):
    async def aclose(self) -> None: ...


C = TypeVar("C", bound=Closeable)


class GatewayRuntime:
    """Per-process singletons the ``/ws`` entrypoint starts on first use (the hub), closed
    when the container closes, in reverse order of start."""

    def __init__(self) -> None:
        self._started: dict[type[object], Closeable] = {}
        self._lock = asyncio.Lock()

    async def ensure(self, kind: type[C], start: Callable[[], Awaitable[C]]) -> C:
        found = self._started.get(kind)
        if found is None:
            async with self._lock:
                found = self._started.get(kind)
                if found is None:
                    found = self._started[kind] = await start()
        return cast(C, found)

    def get(self, kind: type[C]) -> C | None:
        return cast(C | None, self._started.get(kind))

    async def aclose(self) -> None:
        started, self._started = list(self._started.values()), {}
        for item in reversed(started):
            await item.aclose()


class PostgresBindings(Provider):
    """Redis and PostgreSQL adapters of the gateway."""

    scope = Scope.REQUEST

    samples = provide(PostgresViewerSamples, provides=ViewerSampleRepository)
    use_cases = provide_all(RecordViewers, ListGatewayInstances)

    @provide(scope=Scope.APP)
    async def listener(self, settings: Settings) -> AsyncIterator[RedisRealtimeListener]:
        listener = RedisRealtimeListener(settings.redis.url or "")
        yield listener
        await bounded_close("realtime listener", listener.aclose())

    @provide(scope=Scope.APP)
    def presence(self, redis: Redis) -> Presence:
        return RedisPresence(redis)

    @provide(scope=Scope.APP)
    def stats(self, redis: Redis) -> GatewayStatsStore:
        return RedisGatewayStats(redis)

    @provide(scope=Scope.APP)
    async def connection_slots(self, redis: Redis) -> AsyncIterator[ConnectionSlots]:
        slots = RedisConnectionSlots(redis)  # connections per client address, all instances
        yield slots
        await slots.aclose()

    @provide(scope=Scope.APP)
    async def runtime(
        self,
        redis: Redis,
        pool: asyncpg.Pool,
        listener: RedisRealtimeListener,
    ) -> AsyncIterator[GatewayRuntime]:
        # depends on Redis, the pool and the listener so that it closes before them
        runtime = GatewayRuntime()
        yield runtime
        # the hub gives open sockets up to 6 s to take their close frame
        await bounded_close("gateway hub", runtime.aclose(), 10.0)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (none: no gateway in memory)."""

    scope = Scope.REQUEST


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    use_cases = provide_all(ResolveTopic, RoomHead, RoomTeam, PublishEvent)
