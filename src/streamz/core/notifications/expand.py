from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import (
    IN_APP,
    MEDIA,
    Kind,
    Medium,
    NewDelivery,
    Notification,
    NotificationPolicy,
    Recipient,
    Status,
    wants,
)
from streamz.core.shared.events import Event
from streamz.core.shared.ids import new_id
from streamz.ports.clock import Clock
from streamz.ports.notifications import NotificationJobs, NotificationStore, QuietCaps
from streamz.ports.unit_of_work import UnitOfWork

CREATED = "notification.created"  # to the recipients' private websocket topics


@dataclass(frozen=True, slots=True)
class ExpandNotificationRequest:
    actor: Principal
    notification_id: uuid.UUID
    cursor: str | None  # where this page starts (None: the first page)


@dataclass(frozen=True, slots=True)
class Expanded:
    recipients: int
    deliveries: int  # new pending deliveries queued for sending
    next_cursor: str | None  # None: expansion complete (or this page was done already)


@dataclass(frozen=True, slots=True)
class ExpandNotification:
    """Expands one page of a notification's audience into deliveries, then queues the sends
    and the next page.

    - System only. One page (``page_size`` recipients, keyset order) per call, streamed from
      the database: never the whole audience in memory.
    - The notification row is locked and its cursor must match ``cursor``: a page expanded
      already, or a duplicate job, does nothing.
    - Preferences: the account's choices, overridden by its choices for the channel.
    - Push goes to every device of the recipient; the quiet cap counts pushes per account per
      hour: the first over the cap becomes a digest push, later ones are collapsed (stored,
      in-app only).
    - Deliveries are unique per (notification, recipient, medium, target): inserted once.
    - In-app kinds are stored in each recipient's inbox, and one ``notification.created``
      event per page carries the page's account ids to their websocket topics.
    - Cursor, deliveries and inbox rows commit together; jobs are queued after the commit (a
      lost job is queued again by the sweep).
    """

    store: NotificationStore
    caps: QuietCaps
    jobs: NotificationJobs
    uow: UnitOfWork
    clock: Clock
    policy: NotificationPolicy

    async def __call__(self, request: ExpandNotificationRequest) -> Expanded:
        request.actor.require_system()
        notification = await self.store.lock(request.notification_id)
        if (
            notification is None
            or notification.expanded_at is not None
            or notification.cursor != request.cursor
        ):
            return Expanded(0, 0, None)
        now = self.clock.now()
        page = await self.store.recipients(notification, request.cursor, self.policy.page_size)
        media = MEDIA[notification.kind]
        new: list[NewDelivery] = []
        if Medium.PUSH in media:
            new += await self._pushes(notification, page, now)
        if Medium.EMAIL in media:
            new += self._emails(notification, page, now)
        inserted = set(await self.store.add_deliveries(new)) if new else set()
        if notification.kind in IN_APP and page:
            await self._inbox(notification, [r.account_id for r in page], now)
        next_cursor = page[-1].key if len(page) >= self.policy.page_size else None
        await self.store.advance(notification.id, next_cursor, now)
        await self.uow.commit()
        pending = [d for d in new if d.id in inserted and d.status is Status.PENDING]
        for medium, size in (
            (Medium.PUSH, self.policy.push_batch),
            (Medium.EMAIL, self.policy.email_batch),
        ):
            ids = [d.id for d in pending if d.medium is medium]
            for start in range(0, len(ids), size):
                await self.jobs.send(ids[start : start + size])
        if next_cursor is not None:
            await self.jobs.expand(notification.id, next_cursor)
        return Expanded(len(page), len(pending), next_cursor)

    async def _pushes(
        self, notification: Notification, page: list[Recipient], now: datetime
    ) -> list[NewDelivery]:
        kind = notification.kind
        pushing = [r.account_id for r in page if wants(kind, Medium.PUSH, r.preferences)]
        devices = await self.store.devices(pushing) if pushing else {}
        with_devices = [a for a in pushing if devices.get(a)]
        counts = (
            await self.caps.count(with_devices, now.strftime("%Y%m%d%H"))
            if with_devices and kind is not Kind.TEST
            else [0] * len(with_devices)
        )
        cap = self.policy.quiet_cap
        out: list[NewDelivery] = []
        for account_id, count in zip(with_devices, counts, strict=True):
            status = Status.COLLAPSED if count > cap + 1 else Status.PENDING
            out += [
                NewDelivery(
                    new_id(), notification.id, account_id, Medium.PUSH, device.token, status,
                    now, digest=count == cap + 1,
                )
                for device in devices[account_id]
            ]  # fmt: skip
        return out

    def _emails(
        self, notification: Notification, page: list[Recipient], now: datetime
    ) -> list[NewDelivery]:
        out: list[NewDelivery] = []
        for r in page:
            if not wants(notification.kind, Medium.EMAIL, r.preferences):
                continue
            to = r.email
            if notification.kind is Kind.EMAIL_CHANGED:
                to = str(notification.payload.get("previous") or "")
            if to:
                out.append(
                    NewDelivery(
                        new_id(), notification.id, r.account_id, Medium.EMAIL, to,
                        Status.PENDING, now,
                    )
                )  # fmt: skip
        return out

    async def _inbox(
        self, notification: Notification, accounts: list[uuid.UUID], now: datetime
    ) -> None:
        if await self.store.add_inbox(notification, accounts, now):
            channel = notification.channel_id
            payload = {
                "notification_id": str(notification.id),
                "kind": notification.kind.value,
                "channel_id": str(channel) if channel else None,
                "account_ids": [str(a) for a in accounts],
            }
            self.uow.record(Event(CREATED, str(notification.id), payload, now))
