"""Bindings of notifications: its store, devices, inbox, jobs, caps, renderer and use cases."""

from __future__ import annotations

from dishka import AnyOf, Provider, Scope, provide, provide_all
from redis.asyncio import Redis
from saq.queue.redis import RedisQueue

from streamz.adapters.memory.notifications import (
    MemoryInbox,
    MemoryNotificationJobs,
    MemoryNotificationStore,
    MemoryPushDevices,
    MemoryQuietCaps,
    MemoryUnrecordedOutcomes,
)
from streamz.adapters.memory.realtime import MemoryRoomViewers
from streamz.adapters.postgres.notifications import (
    PostgresInbox,
    PostgresNotificationStore,
    PostgresPushDevices,
)
from streamz.adapters.redis.notification_caps import RedisQuietCaps
from streamz.adapters.redis.notification_outcomes import RedisUnrecordedOutcomes
from streamz.adapters.redis.presence import RedisRoomViewers
from streamz.adapters.saq.notifications import SaqNotificationJobs
from streamz.adapters.templates.links import HmacUnsubscribeLinks
from streamz.core.notifications.dead_letters import DeadLetters
from streamz.core.notifications.delivery_stats import DeliveryStats
from streamz.core.notifications.entities import NotificationPolicy
from streamz.core.notifications.expand import ExpandNotification
from streamz.core.notifications.list_devices import ListDevices
from streamz.core.notifications.list_inbox import ListInbox
from streamz.core.notifications.mark_all_read import MarkAllRead
from streamz.core.notifications.mark_read import MarkRead
from streamz.core.notifications.notification_status import NotificationStatus
from streamz.core.notifications.register_device import RegisterDevice
from streamz.core.notifications.retry_dead import RetryDead
from streamz.core.notifications.send import SendDeliveries
from streamz.core.notifications.send_test_notification import SendTestNotification
from streamz.core.notifications.sweep import SweepNotifications
from streamz.core.notifications.trigger import TriggerNotifications
from streamz.core.notifications.unregister_device import UnregisterDevice
from streamz.core.notifications.unsubscribe import Unsubscribe
from streamz.ports.notifications import (
    Inbox,
    NotificationJobs,
    NotificationRenderer,
    NotificationStore,
    PushDevices,
    QuietCaps,
    UnrecordedOutcomes,
    UnsubscribeLinks,
)
from streamz.ports.presence import RoomViewers
from streamz.settings import Settings


class PostgresBindings(Provider):
    """Postgres/Redis/... adapters for this context's ports."""

    scope = Scope.REQUEST

    store = provide(PostgresNotificationStore, provides=NotificationStore)
    devices = provide(PostgresPushDevices, provides=PushDevices)
    inbox = provide(PostgresInbox, provides=Inbox)

    @provide(scope=Scope.APP)
    def renderer(self) -> NotificationRenderer:
        from streamz.adapters.templates.renderer import JinjaNotificationRenderer  # loads Jinja

        return JinjaNotificationRenderer()

    @provide(scope=Scope.APP)
    def jobs(self, queue: RedisQueue) -> NotificationJobs:
        return SaqNotificationJobs(queue)

    @provide(scope=Scope.APP)
    def caps(self, redis: Redis) -> QuietCaps:
        return RedisQuietCaps(redis)

    @provide(scope=Scope.APP)
    def viewers(self, redis: Redis) -> RoomViewers:
        return RedisRoomViewers(redis)

    @provide(scope=Scope.APP)
    def outcomes(self, redis: Redis) -> UnrecordedOutcomes:
        return RedisUnrecordedOutcomes(redis)

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> NotificationPolicy:
        return NotificationPolicy(
            page_size=settings.notifications.page_size,
            quiet_cap=settings.notifications.quiet_cap,
            lease_seconds=settings.notifications.lease_seconds,
            stale_after_seconds=settings.notifications.stale_seconds,
            max_attempts=settings.notifications.max_attempts,
            breaker_pause_seconds=settings.breaker.open_seconds,
        )

    @provide(scope=Scope.APP)
    def links(self, settings: Settings) -> UnsubscribeLinks:
        base = (
            settings.notifications.public_url or f"http://{settings.http.host}:{settings.http.port}"
        )
        return HmacUnsubscribeLinks(settings.unsubscribe_secret(), base)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports."""

    scope = Scope.REQUEST

    store = provide(MemoryNotificationStore, provides=NotificationStore)
    devices = provide(MemoryPushDevices, provides=PushDevices)
    inbox = provide(MemoryInbox, provides=Inbox)

    @provide(scope=Scope.APP)
    def renderer(self) -> NotificationRenderer:
        from streamz.adapters.templates.renderer import JinjaNotificationRenderer  # loads Jinja

        return JinjaNotificationRenderer()

    jobs = provide(
        MemoryNotificationJobs,
        provides=AnyOf[NotificationJobs, MemoryNotificationJobs],
        scope=Scope.APP,
    )
    caps = provide(MemoryQuietCaps, provides=AnyOf[QuietCaps, MemoryQuietCaps], scope=Scope.APP)
    viewers = provide(
        MemoryRoomViewers, provides=AnyOf[RoomViewers, MemoryRoomViewers], scope=Scope.APP
    )
    outcomes = provide(
        MemoryUnrecordedOutcomes,
        provides=AnyOf[UnrecordedOutcomes, MemoryUnrecordedOutcomes],
        scope=Scope.APP,
    )

    @provide(scope=Scope.APP)
    def policy(self) -> NotificationPolicy:
        return NotificationPolicy()

    @provide(scope=Scope.APP)
    def links(self) -> UnsubscribeLinks:
        return HmacUnsubscribeLinks("memory-unsubscribe-secret", "http://127.0.0.1:8000")


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    use_cases = provide_all(
        TriggerNotifications,
        ExpandNotification,
        SendDeliveries,
        SweepNotifications,
        RegisterDevice,
        ListDevices,
        UnregisterDevice,
        ListInbox,
        MarkRead,
        MarkAllRead,
        NotificationStatus,
        DeliveryStats,
        DeadLetters,
        RetryDead,
        SendTestNotification,
        Unsubscribe,
    )
