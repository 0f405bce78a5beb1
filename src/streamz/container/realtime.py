"""Bindings of the realtime groundwork: the chatroom event log, the realtime publisher and
recent history (Redis), and replay for resuming websocket clients."""

from __future__ import annotations

from dishka import AnyOf, Provider, Scope, provide
from redis.asyncio import Redis

from streamz.adapters.memory.realtime import MemoryRealtime
from streamz.adapters.memory.room_events import MemoryRoomEvents
from streamz.adapters.postgres.room_events import PostgresRoomEvents
from streamz.adapters.redis.realtime import RedisRealtimePublisher, RedisRecentHistory
from streamz.core.chat.room_events import RoomEventWriter
from streamz.core.realtime.replay import ReplayRoom
from streamz.ports.realtime import RealtimePublisher, RecentHistory
from streamz.ports.room_events import RoomEventLog


class PostgresBindings(Provider):
    scope = Scope.REQUEST

    log = provide(PostgresRoomEvents, provides=RoomEventLog)

    @provide(scope=Scope.APP)
    def publisher(self, redis: Redis) -> RealtimePublisher:
        return RedisRealtimePublisher(redis)

    @provide(scope=Scope.APP)
    def history(self, redis: Redis) -> RecentHistory:
        return RedisRecentHistory(redis)


class MemoryBindings(Provider):
    scope = Scope.REQUEST

    log = provide(MemoryRoomEvents, provides=RoomEventLog)
    realtime = provide(
        MemoryRealtime,
        provides=AnyOf[RealtimePublisher, RecentHistory, MemoryRealtime],
        scope=Scope.APP,
    )


class UseCases(Provider):
    scope = Scope.REQUEST

    writer = provide(RoomEventWriter)
    replay = provide(ReplayRoom)
