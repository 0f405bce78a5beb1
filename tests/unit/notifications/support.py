"""The notifications pipeline on memory adapters, with small programmable provider doubles."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.messages import MemoryMessages
from streamz.adapters.memory.notifications import (
    MemoryInbox,
    MemoryNotificationJobs,
    MemoryNotificationStore,
    MemoryPushDevices,
    MemoryQuietCaps,
    MemoryUnrecordedOutcomes,
)
from streamz.adapters.memory.realtime import MemoryRoomViewers
from streamz.adapters.memory.repositories import MemoryAccounts
from streamz.adapters.memory.social import MemoryNotificationPreferences
from streamz.adapters.templates.links import HmacUnsubscribeLinks
from streamz.adapters.templates.renderer import JinjaNotificationRenderer
from streamz.core.identity.entities import Account
from streamz.core.notifications.dead_letters import DeadLetters
from streamz.core.notifications.delivery_stats import DeliveryStats
from streamz.core.notifications.entities import (
    DeliveryRecord,
    DeliveryUpdate,
    Device,
    NotificationPolicy,
)
from streamz.core.notifications.expand import ExpandNotification, ExpandNotificationRequest
from streamz.core.notifications.list_devices import ListDevices
from streamz.core.notifications.list_inbox import ListInbox
from streamz.core.notifications.mark_all_read import MarkAllRead
from streamz.core.notifications.mark_read import MarkRead
from streamz.core.notifications.notification_status import NotificationStatus
from streamz.core.notifications.register_device import RegisterDevice, RegisterDeviceRequest
from streamz.core.notifications.retry_dead import RetryDead
from streamz.core.notifications.send import SendDeliveries, SendDeliveriesRequest
from streamz.core.notifications.send_test_notification import SendTestNotification
from streamz.core.notifications.sweep import SweepNotifications
from streamz.core.notifications.trigger import TriggerNotifications, TriggerNotificationsRequest
from streamz.core.notifications.unregister_device import UnregisterDevice
from streamz.core.notifications.unsubscribe import Unsubscribe
from streamz.core.shared.events import Event
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow
from streamz.ports.notification_delivery import (
    EmailMessage,
    PushMessage,
    SendOutcome,
    SendResult,
)
from streamz.ports.unit_of_work import UnitOfWork
from tests.unit.support import SYSTEM, T0, World, user


@dataclass
class FakePush:
    """Answers SENT unless told otherwise per token (a list of outcomes, used in order)."""

    sent: list[PushMessage] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)
    script: dict[str, list[SendOutcome]] = field(default_factory=dict)

    async def send(self, messages: Sequence[PushMessage]) -> list[SendResult]:
        self.calls.append(len(messages))
        out = []
        for m in messages:
            queue = self.script.get(m.token)
            outcome = queue.pop(0) if queue else SendOutcome.SENT
            if outcome is SendOutcome.SENT:
                self.sent.append(m)
                out.append(SendResult(outcome, provider_id=f"projects/x/messages/{len(self.sent)}"))
            else:
                out.append(SendResult(outcome, error=outcome.value))
        return out


@dataclass
class FakeEmail:
    sent: list[EmailMessage] = field(default_factory=list)
    script: list[SendOutcome] = field(default_factory=list)

    async def send(self, message: EmailMessage) -> SendResult:
        outcome = self.script.pop(0) if self.script else SendOutcome.SENT
        if outcome is SendOutcome.SENT:
            self.sent.append(message)
            return SendResult(outcome, provider_id=f"ses-{len(self.sent)}")
        return SendResult(outcome, error="Throttling")


@dataclass
class FakeRateLimit:
    waits: list[float] = field(default_factory=list)  # answers before tokens are given
    taken: list[tuple[str, int]] = field(default_factory=list)

    async def acquire(self, provider: str, count: int = 1) -> float:
        if self.waits:
            return self.waits.pop(0)
        self.taken.append((provider, count))
        return 0.0


@dataclass
class FakeBreaker:
    open: set[str] = field(default_factory=set)
    records: list[tuple[str, bool]] = field(default_factory=list)
    broken: bool = False  # record raises (its Redis is failing)
    allows_left: int | None = None  # allow raises once this many calls were answered

    async def allow(self, provider: str) -> bool:
        if self.allows_left is not None:
            if self.allows_left <= 0:
                raise ConnectionError("injected: the breaker's Redis is unreachable")
            self.allows_left -= 1
        return provider not in self.open

    async def record(self, provider: str, *, ok: bool) -> None:
        if self.broken:
            raise ConnectionError("injected: the breaker's Redis is unreachable")
        self.records.append((provider, ok))


class FlakyStore(MemoryNotificationStore):
    """The memory store whose outcome writes fail while ``world.record_failures`` is above 0
    (a database refusing them), one failure per write."""

    def __init__(self, unit: MemoryUnit, world: NotifyWorld) -> None:
        super().__init__(unit)
        self._world = world

    async def record(self, updates: Sequence[DeliveryUpdate], at: datetime) -> None:
        if self._world.record_failures > 0:
            self._world.record_failures -= 1
            raise ConnectionError("injected: the delivery outcomes were not written")
        await super().record(updates, at)


class FakeOutcomes(MemoryUnrecordedOutcomes):
    def __init__(self) -> None:
        super().__init__()
        self.broken = False  # keep raises (Redis is failing too)

    async def keep(self, updates: Sequence[DeliveryUpdate]) -> None:
        if self.broken:
            raise ConnectionError("injected: Redis is unreachable")
        await super().keep(updates)


class NotifyWorld(World):
    def __init__(self, policy: NotificationPolicy | None = None) -> None:
        super().__init__()
        self.policy = policy or NotificationPolicy(page_size=3, quiet_cap=2)
        self.jobs = MemoryNotificationJobs()
        self.viewers = MemoryRoomViewers()
        self.caps = MemoryQuietCaps()
        self.push = FakePush()
        self.email = FakeEmail()
        self.rate_limit = FakeRateLimit()
        self.breaker = FakeBreaker()
        self.outcomes = FakeOutcomes()
        self.record_failures = 0
        self.renderer = JinjaNotificationRenderer()
        self.links = HmacUnsubscribeLinks("secret", "https://streamz.test")

    def store(self) -> tuple[MemoryNotificationStore, UnitOfWork]:
        r = self.open()
        return MemoryNotificationStore(r.unit), r.uow

    def trigger(self) -> TriggerNotifications:
        r = self.open()
        return TriggerNotifications(
            MemoryNotificationStore(r.unit),
            self.jobs,
            r.uow,
            self.clock,
            MemoryMessages(r.unit),
            self.viewers,
        )

    def expand(self) -> ExpandNotification:
        r = self.open()
        return ExpandNotification(
            MemoryNotificationStore(r.unit), self.caps, self.jobs, r.uow, self.clock,
            self.policy,
        )  # fmt: skip

    def send(self) -> SendDeliveries:
        r = self.open()
        return SendDeliveries(
            FlakyStore(r.unit, self), self.push, self.email, self.rate_limit, self.breaker,
            self.renderer, self.links, self.jobs, r.uow, self.clock, self.policy, self.outcomes,
        )  # fmt: skip

    def sweep(self) -> SweepNotifications:
        r = self.open()
        return SweepNotifications(
            FlakyStore(r.unit, self), self.jobs, r.uow, self.clock, self.policy, self.outcomes
        )

    def register_device(self) -> RegisterDevice:
        r = self.open()
        return RegisterDevice(MemoryPushDevices(r.unit), r.uow, self.clock)

    def list_devices(self) -> ListDevices:
        return ListDevices(MemoryPushDevices(self.open().unit))

    def unregister_device(self) -> UnregisterDevice:
        r = self.open()
        return UnregisterDevice(MemoryPushDevices(r.unit), r.uow)

    def list_inbox(self) -> ListInbox:
        return ListInbox(MemoryInbox(self.open().unit))

    def mark_read(self) -> MarkRead:
        r = self.open()
        return MarkRead(MemoryInbox(r.unit), r.uow, self.clock)

    def mark_all_read(self) -> MarkAllRead:
        r = self.open()
        return MarkAllRead(MemoryInbox(r.unit), r.uow, self.clock)

    def status(self) -> NotificationStatus:
        return NotificationStatus(MemoryNotificationStore(self.open().unit))

    def stats(self) -> DeliveryStats:
        return DeliveryStats(MemoryNotificationStore(self.open().unit), self.clock)

    def dead_letters(self) -> DeadLetters:
        return DeadLetters(MemoryNotificationStore(self.open().unit))

    def retry_dead(self) -> RetryDead:
        r = self.open()
        return RetryDead(MemoryNotificationStore(r.unit), self.jobs, r.uow, self.clock, self.policy)

    def send_test(self) -> SendTestNotification:
        r = self.open()
        return SendTestNotification(
            MemoryAccounts(r.unit), MemoryNotificationStore(r.unit), self.jobs, r.uow, self.clock
        )

    def unsubscribe(self) -> Unsubscribe:
        r = self.open()
        return Unsubscribe(self.links, MemoryNotificationPreferences(r.unit), r.uow, self.clock)

    # arrangements

    async def follow(self, account: Account, channel_id: uuid.UUID) -> None:
        r = self.open()
        follows = r.unit.tables.table("channel_follows")
        follows[(account.id, channel_id)] = Follow(new_id(), account.id, channel_id, T0)
        await r.unit.commit()

    async def prefer(
        self, account: Account, values: dict[str, bool], channel_id: uuid.UUID | None = None
    ) -> None:
        r = self.open()
        prefs = MemoryNotificationPreferences(r.unit)
        if channel_id is None:
            await prefs.merge_account(account.id, values, T0)
        else:
            await prefs.merge_channel(account.id, channel_id, values, [], T0)
        await r.unit.commit()

    async def device(self, account: Account, token: str) -> Device:
        return await self.register_device()(RegisterDeviceRequest(user(account), "android", token))

    async def channel_of(self, account: Account) -> uuid.UUID:
        return next(c.id for c in self.tables.channels.values() if c.account_id == account.id)

    async def run_events(self, *events: Event) -> list[uuid.UUID]:
        result = await self.trigger()(TriggerNotificationsRequest(SYSTEM, list(events)))
        return result.created

    async def drain(self, *, rounds: int = 50) -> None:
        """Run queued expansions and sends (retries included: the clock jumps to them)."""
        for _ in range(rounds):
            if self.jobs.expansions:
                notification_id, cursor = self.jobs.expansions.pop(0)
                await self.expand()(ExpandNotificationRequest(SYSTEM, notification_id, cursor))
            elif self.jobs.sends:
                ids, at = self.jobs.sends.pop(0)
                if at is not None and at > self.clock.current:
                    self.clock.current = at
                await self.send()(SendDeliveriesRequest(SYSTEM, ids))
            else:
                return

    def deliveries(self) -> list[DeliveryRecord]:
        return MemoryNotificationStore(self.open().unit).deliveries()

    def later(self, seconds: float) -> None:
        self.clock.current += timedelta(seconds=seconds)


def live_event(channel_id: uuid.UUID, title: str = "Speedrun") -> Event:
    payload = {
        "channel_id": str(channel_id),
        "livestream_id": str(new_id()),
        "slug": "caster",
        "display_name": "Caster",
        "title": title,
    }
    return Event("notify.channel_live", str(channel_id), payload, T0)
