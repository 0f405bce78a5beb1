"""Staff tools: delivery progress and stats, dead letters, retrying them, a test send."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from streamz.core.errors import Invalid, NotFound
from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import (
    Audience,
    DeliveryRecord,
    Kind,
    Notification,
    NotificationPolicy,
)
from streamz.core.notifications.inbox import parse_cursor
from streamz.core.shared.ids import new_id
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.notifications import NotificationJobs, NotificationStore
from streamz.ports.transaction import TransactionManager


class NotificationNotFound(NotFound):
    code = "notification-not-found"


@dataclass(frozen=True, slots=True)
class NotificationProgress:
    notification: Notification
    by_status: dict[str, int]


@dataclass(frozen=True, slots=True)
class NotificationStatusRequest:
    actor: Principal
    notification_id: uuid.UUID


class NotificationStatus:
    """One notification and its deliveries by status (staff or system)."""

    def __init__(self, store: NotificationStore) -> None:
        self._store = store

    async def __call__(self, request: NotificationStatusRequest) -> NotificationProgress:
        request.actor.require_staff()
        notification = await self._store.get(request.notification_id)
        if notification is None:
            raise NotificationNotFound(f"no notification {request.notification_id}")
        return NotificationProgress(
            notification, await self._store.progress(request.notification_id)
        )


@dataclass(frozen=True, slots=True)
class DeliveryStatsRequest:
    actor: Principal
    minutes: int = 60


@dataclass(frozen=True, slots=True)
class DeliveryStat:
    provider: str
    status: str
    count: int


class DeliveryStats:
    """Deliveries updated in the last ``minutes`` (1..1440) by provider and status (staff)."""

    def __init__(self, store: NotificationStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def __call__(self, request: DeliveryStatsRequest) -> list[DeliveryStat]:
        request.actor.require_staff()
        if not 1 <= request.minutes <= 1440:
            raise Invalid.field("query.minutes", "between 1 and 1440")
        since = self._clock.now() - timedelta(minutes=request.minutes)
        rows = await self._store.recent_stats(since)
        provider = {"push": "fcm", "email": "ses"}
        return [DeliveryStat(provider.get(m, m), s, c) for m, s, c in rows]


@dataclass(frozen=True, slots=True)
class DeadLettersRequest:
    actor: Principal
    limit: int = 50
    after: str | None = None  # the last id of the previous page


class DeadLetters:
    """Deliveries given up after too many attempts, oldest first (staff)."""

    def __init__(self, store: NotificationStore) -> None:
        self._store = store

    async def __call__(self, request: DeadLettersRequest) -> list[DeliveryRecord]:
        request.actor.require_staff()
        if not 1 <= request.limit <= 500:
            raise Invalid.field("query.limit", "between 1 and 500")
        return await self._store.dead_letters(parse_cursor(request.after), request.limit)


@dataclass(frozen=True, slots=True)
class RetryDeadRequest:
    actor: Principal
    notification_id: uuid.UUID | None = None


class RetryDead:
    """Dead deliveries (of one notification, or all) back to pending with their attempts
    reset, and queued (staff)."""

    def __init__(
        self,
        store: NotificationStore,
        jobs: NotificationJobs,
        tx: TransactionManager,
        clock: Clock,
        policy: NotificationPolicy,
    ) -> None:
        self._store = store
        self._jobs = jobs
        self._tx = tx
        self._clock = clock
        self._policy = policy

    async def __call__(self, request: RetryDeadRequest) -> int:
        request.actor.require_staff()
        ids = await self._store.revive_dead(request.notification_id, self._clock.now())
        await self._tx.commit()
        for start in range(0, len(ids), self._policy.push_batch):
            await self._jobs.send(ids[start : start + self._policy.push_batch])
        return len(ids)


@dataclass(frozen=True, slots=True)
class SendTestRequest:
    actor: Principal
    username: str


class SendTestNotification:
    """A test push (every device) and email to one account, through the whole pipeline
    (staff or system)."""

    def __init__(
        self,
        accounts: AccountRepository,
        store: NotificationStore,
        jobs: NotificationJobs,
        tx: TransactionManager,
        clock: Clock,
    ) -> None:
        self._accounts = accounts
        self._store = store
        self._jobs = jobs
        self._tx = tx
        self._clock = clock

    async def __call__(self, request: SendTestRequest) -> Notification:
        request.actor.require_staff()
        account = await self._accounts.by_username(request.username.strip().lower())
        if account is None:
            raise NotFound(f"no account {request.username!r}")
        now = self._clock.now()
        notification = Notification(
            new_id(), new_id(), Kind.TEST, Audience.ACCOUNTS, None, (account.id,),
            {"username": account.username}, now,
        )  # fmt: skip
        await self._store.create(notification)
        await self._tx.commit()
        await self._jobs.expand(notification.id, None)
        return notification
