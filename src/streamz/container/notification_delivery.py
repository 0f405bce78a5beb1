"""Bindings of notification delivery: push and email senders, rate limits, circuit breaker.

The FCM (firebase_admin) and SES (aioboto3) senders are imported when first provided, not
with the container."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import AnyOf, Provider, Scope, provide
from redis.asyncio import Redis

from streamz.adapters.memory.notification_delivery import (
    FCM,
    SES,
    BreakerPolicy,
    BucketRate,
    MemoryCircuitBreaker,
    MemoryEmailSender,
    MemoryProviderRateLimit,
    MemoryPushSender,
)
from streamz.adapters.redis.provider_guards import RedisCircuitBreaker, RedisProviderRateLimit
from streamz.ports.clock import Clock
from streamz.ports.notification_delivery import (
    CircuitBreaker,
    EmailSender,
    ProviderRateLimit,
    PushSender,
)
from streamz.settings import Settings
from streamz.shutdown import bounded_close, bounded_exit


def provider_rates(settings: Settings) -> dict[str, BucketRate]:
    """The global token buckets: FCM per minute (burst ``fcm_burst``), SES per second (burst
    one second's worth)."""
    ses = float(settings.email.rate_per_second)
    return {
        FCM: BucketRate(settings.fcm.rate_per_minute / 60.0, float(settings.fcm.burst)),
        SES: BucketRate(ses, ses),
    }


def breaker_policy(settings: Settings) -> BreakerPolicy:
    return BreakerPolicy(
        consecutive_failures=settings.breaker.consecutive_failures,
        failure_ratio=settings.breaker.failure_percent / 100.0,
        min_calls=settings.breaker.min_calls,
        window_seconds=float(settings.breaker.window_seconds),
        open_seconds=float(settings.breaker.open_seconds),
    )


class PostgresBindings(Provider):
    """The real providers (FCM, SES) and their Redis guards, from settings."""

    scope = Scope.APP

    @provide
    async def push(self, settings: Settings) -> AsyncIterator[PushSender]:
        from streamz.adapters.fcm.push import FcmPushSender

        sender = FcmPushSender(
            project_id=settings.fcm.project_id,
            url=settings.fcm.url,
            credentials_file=settings.fcm.credentials_file,
            timeout=float(settings.fcm.timeout_seconds),
            max_connections=settings.fcm.max_connections,
        )
        yield sender
        await bounded_close("FCM sender", sender.aclose())

    @provide
    async def email(self, settings: Settings) -> AsyncIterator[EmailSender]:
        if settings.email.provider != "ses":
            from streamz.adapters.ses.log import LogEmailSender

            yield LogEmailSender()
            return
        from streamz.adapters.ses.email import open_ses_sender

        ses = open_ses_sender(
            region=settings.email.ses_region,
            endpoint_url=settings.email.ses_endpoint_url,
            from_address=settings.email.from_address,
            configuration_set=settings.email.ses_configuration_set,
            timeout_seconds=float(settings.email.timeout_seconds),
        )
        async with bounded_exit("SES sender", ses) as sender:
            yield sender

    @provide
    def rate_limit(self, settings: Settings, redis: Redis) -> ProviderRateLimit:
        return RedisProviderRateLimit(redis, provider_rates(settings))

    @provide
    def breaker(self, settings: Settings, redis: Redis) -> CircuitBreaker:
        return RedisCircuitBreaker(redis, breaker_policy(settings))


class MemoryBindings(Provider):
    """In-memory senders that record what they sent, and in-memory guards (no rate limit)."""

    scope = Scope.APP

    push = provide(MemoryPushSender, provides=AnyOf[PushSender, MemoryPushSender])
    email = provide(MemoryEmailSender, provides=AnyOf[EmailSender, MemoryEmailSender])

    @provide(provides=AnyOf[ProviderRateLimit, MemoryProviderRateLimit])
    def rate_limit(self, clock: Clock) -> MemoryProviderRateLimit:
        return MemoryProviderRateLimit(clock)

    @provide(provides=AnyOf[CircuitBreaker, MemoryCircuitBreaker])
    def breaker(self, clock: Clock) -> MemoryCircuitBreaker:
        return MemoryCircuitBreaker(clock)


class UseCases(Provider):
    scope = Scope.REQUEST
