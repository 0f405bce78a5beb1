"""A provider's accepted send is never repeated when recording it fails.

The real worker (in process), the real FCM adapter to a fake FCM, the real SES adapter to a
local SES (moto), real Postgres and Redis; faults are injected where the bookkeeping happens:
the circuit breaker's ``record`` script answers a Redis error, and a trigger makes the
deliveries' outcome write fail (a number of times, or until the test drops it). Each recipient
must get exactly one push (or mail), every delivery must end ``sent``, and a sweep after the
leases end must send nothing again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from dishka import Provider, Scope, provide
from redis.asyncio import Redis

from streamz.adapters.fcm.push import FcmPushSender
from streamz.adapters.memory.notification_delivery import (
    MemoryEmailSender,
    MemoryProviderRateLimit,
)
from streamz.adapters.redis.provider_guards import RedisCircuitBreaker
from streamz.adapters.ses.email import open_ses_sender
from streamz.container import make_container
from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import NotificationPolicy
from streamz.core.notifications.sweep import SweepNotifications, SweepNotificationsRequest
from streamz.core.shared.events import Event
from streamz.entrypoints.worker.main import build_worker
from streamz.ports.clock import Clock
from streamz.ports.notification_delivery import (
    CircuitBreaker,
    EmailSender,
    ProviderRateLimit,
    PushSender,
)
from streamz.settings import Settings
from streamz_dev.fcm import FakeFcm
from tests.fakes.ses import FakeSes
from tests.integration.notifications.support import seed_audience
from tests.integration.notifications.test_pipeline import live, trigger

FOLLOWERS = 60
LEASE = 4  # seconds; the sweeps below run after it ended
FAST_RETRIES = (0.05, 0.1, 0.2)  # the in-process retries of the outcome write, shortened


@pytest.fixture
def fcm() -> Iterator[FakeFcm]:
    with FakeFcm() as fake:
        yield fake


@pytest.fixture(scope="module")
def ses_server() -> Iterator[FakeSes]:
    with FakeSes() as server:
        yield server


@pytest.fixture
def ses(ses_server: FakeSes) -> FakeSes:
    ses_server.clear()
    return ses_server


@pytest.fixture
def fault_settings(settings: Settings) -> Settings:
    return replace(
        settings,
        notifications=replace(
            settings.notifications, page_size=500, lease_seconds=LEASE, stale_seconds=LEASE
        ),
    )


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    client = Redis.from_url(settings.redis.url or "")
    yield client
    await client.aclose()


class RecordFailingBreaker(RedisCircuitBreaker):
    """The real Redis breaker whose ``record`` script answers an error (as Redis does when it
    is out of memory, read-only or failing over); ``allow`` works."""

    def __init__(self, client: Redis) -> None:
        super().__init__(client)
        self._record = client.register_script(
            "return redis.error_reply('READONLY injected fault: breaker record')"
        )
        self.failed = 0

    async def record(self, provider: str, *, ok: bool) -> None:
        self.failed += 1
        await super().record(provider, ok=ok)


class Faults(Provider):
    """Push through the real FCM adapter, email through the real SES adapter (when given a
    local SES), no rate limit, the Redis breaker (its ``record`` failing when told), fast
    outcome retries."""

    scope = Scope.APP

    def __init__(
        self, fcm_url: str, ses: FakeSes | None = None, *, breaker_fails: bool = False
    ) -> None:
        super().__init__()
        self._fcm_url = fcm_url
        self._ses = ses
        self._breaker_fails = breaker_fails

    @provide
    async def push(self) -> AsyncIterator[PushSender]:
        sender = FcmPushSender(project_id="streamz-test", url=self._fcm_url)
        yield sender
        await sender.aclose()

    @provide
    async def email(self) -> AsyncIterator[EmailSender]:
        if self._ses is None:
            yield MemoryEmailSender()
            return
        async with open_ses_sender(
            region=self._ses.region,
            endpoint_url=self._ses.url,
            from_address=f"Streamz <{self._ses.sender}>",
            configuration_set=None,
        ) as sender:
            yield sender

    @provide
    def rate_limit(self, clock: Clock) -> ProviderRateLimit:
        return MemoryProviderRateLimit(clock)

    @provide
    def breaker(self, redis: Redis) -> CircuitBreaker:
        return RecordFailingBreaker(redis) if self._breaker_fails else RedisCircuitBreaker(redis)

    @provide
    def policy(self, settings: Settings) -> NotificationPolicy:
        return NotificationPolicy(
            page_size=settings.notifications.page_size,
            lease_seconds=settings.notifications.lease_seconds,
            stale_after_seconds=settings.notifications.stale_seconds,
            record_retry_delays=FAST_RETRIES,
        )


OUTCOME_FAULT = """
CREATE SEQUENCE IF NOT EXISTS test_outcome_fault_seq;
CREATE OR REPLACE FUNCTION test_outcome_fault() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF nextval('test_outcome_fault_seq') <= {times} THEN
    RAISE EXCEPTION 'injected fault: delivery outcome not written';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER test_outcome_fault BEFORE UPDATE ON notification_deliveries
  FOR EACH ROW WHEN (OLD.status = 'sending' AND NEW.status <> 'sending')
  EXECUTE FUNCTION test_outcome_fault();
"""
NO_OUTCOME_FAULT = """
DROP TRIGGER IF EXISTS test_outcome_fault ON notification_deliveries;
DROP FUNCTION IF EXISTS test_outcome_fault();
DROP SEQUENCE IF EXISTS test_outcome_fault_seq;
"""


@pytest.fixture
async def outcome_fault(db: asyncpg.Connection) -> AsyncIterator[Callable[[int], Awaitable[None]]]:
    """``await outcome_fault(n)``: the next ``n`` statements that write the outcome of a
    ``sending`` delivery fail (one failure per statement: the trigger raises on its first row);
    ``outcome_fault(0)`` removes the fault."""

    async def arm(times: int) -> None:
        await db.execute(NO_OUTCOME_FAULT)
        if times:
            await db.execute(OUTCOME_FAULT.replace("{times}", str(times)))

    yield arm
    await db.execute(NO_OUTCOME_FAULT)


async def sweep(settings: Settings, overrides: Provider) -> None:
    container = make_container(settings, overrides)
    try:
        async with container() as request:
            use_case = await request.get(SweepNotifications)
            await use_case(SweepNotificationsRequest(Principal.system()))
    finally:
        await container.close()


async def statuses(db: asyncpg.Connection) -> dict[str, int]:
    rows = await db.fetch("SELECT status, count(*) FROM notification_deliveries GROUP BY status")
    return {r["status"]: r["count"] for r in rows}


async def settle(
    db: asyncpg.Connection, settings: Settings, overrides: Provider, expected: int
) -> None:
    """Wait until every delivery is final, running the sweep whenever a lease may have ended
    (as the cron does); then one more sweep after the leases of this run ended."""
    async with asyncio.timeout(60):
        while True:
            for _ in range(LEASE * 4):
                await asyncio.sleep(0.25)
                found = await statuses(db)
                if sum(found.values()) == expected and not {"pending", "sending"} & set(found):
                    break
            else:
                await sweep(settings, overrides)
                continue
            break
    await asyncio.sleep(LEASE + 0.5)
    await sweep(settings, overrides)
    await asyncio.sleep(1)


class Worker:
    def __init__(self, settings: Settings, overrides: Provider) -> None:
        self.container = make_container(settings, overrides)
        self.worker = build_worker(settings.redis.url or "", self.container, relay=False)
        self.worker.SIGNALS = []
        self.task: asyncio.Task[Any] | None = None

    async def __aenter__(self) -> Worker:
        self.task = asyncio.create_task(self.worker.start())
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.worker.stop()
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)
        await self.worker.queue.disconnect()
        await self.container.close()


def assert_one_push_each(fcm: FakeFcm, tokens: list[str]) -> None:
    for token in tokens:
        assert len(fcm.state.sent(token)) == 1, (token, len(fcm.state.sent(token)))
    assert fcm.state.count == len(tokens)


async def outcome_keys(redis: Redis) -> list[bytes]:
    return [key async for key in redis.scan_iter(match="streamz:notifications:outcome:*")]


async def test_breaker_record_failing_sends_each_push_once(
    fault_settings: Settings, db: asyncpg.Connection, fcm: FakeFcm
) -> None:
    channel, tokens = await seed_audience(db, FOLLOWERS)
    faults = Faults(fcm.url, breaker_fails=True)
    async with Worker(fault_settings, faults) as worker:
        assert await trigger(fault_settings, fcm, live(channel)) == 1
        await settle(db, fault_settings, faults, FOLLOWERS)
        breaker = await worker.container.get(CircuitBreaker)
    assert isinstance(breaker, RecordFailingBreaker)
    assert breaker.failed >= 1  # the fault did happen
    assert await statuses(db) == {"sent": FOLLOWERS}
    assert_one_push_each(fcm, tokens)


@pytest.mark.parametrize("times", [1, 2])
async def test_outcome_write_failing_is_retried_not_the_send(
    fault_settings: Settings,
    db: asyncpg.Connection,
    fcm: FakeFcm,
    outcome_fault: Callable[[int], Awaitable[None]],
    times: int,
) -> None:
    channel, tokens = await seed_audience(db, FOLLOWERS)
    await outcome_fault(times)
    faults = Faults(fcm.url)
    async with Worker(fault_settings, faults):
        assert await trigger(fault_settings, fcm, live(channel)) == 1
        await settle(db, fault_settings, faults, FOLLOWERS)
    assert await db.fetchval("SELECT last_value FROM test_outcome_fault_seq") >= times
    assert await statuses(db) == {"sent": FOLLOWERS}
    assert (
        await db.fetchval("SELECT count(*) FROM notification_deliveries WHERE provider_id IS NULL")
        == 0
    )
    assert_one_push_each(fcm, tokens)


async def test_outcome_write_down_longer_than_the_retries_is_kept_for_the_sweep(
    fault_settings: Settings,
    db: asyncpg.Connection,
    fcm: FakeFcm,
    redis: Redis,
    outcome_fault: Callable[[int], Awaitable[None]],
) -> None:
    channel, tokens = await seed_audience(db, FOLLOWERS)
    await outcome_fault(1_000_000)  # every outcome write fails until the fault is removed
    faults = Faults(fcm.url)
    async with Worker(fault_settings, faults):
        assert await trigger(fault_settings, fcm, live(channel)) == 1
        async with asyncio.timeout(30):
            while len(await outcome_keys(redis)) < FOLLOWERS:  # noqa: ASYNC110 - the worker
                await asyncio.sleep(0.1)
        await asyncio.sleep(sum(FAST_RETRIES) + 1)  # the job gave up: its rows stay sending
        assert await statuses(db) == {"sending": FOLLOWERS}
        await asyncio.sleep(LEASE)
        with pytest.raises(asyncpg.RaiseError):  # Postgres still refuses: nothing is freed
            await sweep(fault_settings, faults)
        assert await statuses(db) == {"sending": FOLLOWERS}
        await outcome_fault(0)  # the database takes writes again
        await settle(db, fault_settings, faults, FOLLOWERS)
    assert await statuses(db) == {"sent": FOLLOWERS}
    assert (
        await db.fetchval("SELECT count(*) FROM notification_deliveries WHERE provider_id IS NULL")
        == 0
    )
    assert_one_push_each(fcm, tokens)
    assert await outcome_keys(redis) == []  # forgotten once recorded


async def test_ses_email_is_sent_once_when_its_bookkeeping_fails(
    fault_settings: Settings,
    db: asyncpg.Connection,
    fcm: FakeFcm,
    ses: FakeSes,
    outcome_fault: Callable[[int], Awaitable[None]],
) -> None:
    await seed_audience(db, 5, prefix="mail")
    accounts = await db.fetch(
        "SELECT id, username, email FROM accounts WHERE username ~ '^mail[0-9]+$'"
    )
    assert len(accounts) == 5
    welcome = [
        Event(
            "account.registered",
            str(a["id"]),
            {"account_id": str(a["id"]), "username": a["username"]},
            datetime.now(UTC),
        )
        for a in accounts
    ]
    await outcome_fault(2)
    faults = Faults(fcm.url, ses, breaker_fails=True)
    async with Worker(fault_settings, faults):
        assert await trigger(fault_settings, fcm, *welcome) == len(welcome)
        await settle(db, fault_settings, faults, len(welcome))
    assert await statuses(db) == {"sent": len(welcome)}
    for account in accounts:
        mails = ses.sent(account["email"])
        assert len(mails) == 1, (account["email"], len(mails))
    assert len(ses.sent()) == len(welcome)
