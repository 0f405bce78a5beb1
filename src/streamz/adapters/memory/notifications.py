"""The notifications context in memory: store, devices, inbox (tables of the ``MemoryUnit``),
and recording jobs and quiet caps."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.errors import Conflict
from streamz.core.notifications.entities import (
    DECIDED,
    FINAL,
    Audience,
    Delivery,
    DeliveryRecord,
    DeliveryUpdate,
    Device,
    InboxItem,
    NewDelivery,
    Notification,
    Recipient,
    Status,
)
from streamz.core.shared.ids import new_id
from streamz.core.social.entities import Follow


@dataclass(frozen=True, slots=True)
class _Row:
    new: NewDelivery
    status: Status
    attempts: int
    next_attempt_at: datetime
    lease_until: datetime | None
    provider_id: str | None
    error: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class _InboxRow:
    id: uuid.UUID
    account_id: uuid.UUID
    notification_id: uuid.UUID
    created_at: datetime
    read_at: datetime | None


def _exists(unit: MemoryUnit, notification_id: uuid.UUID | None, account_id: uuid.UUID) -> None:
    """The foreign keys to ``notifications`` and ``accounts`` (Postgres refuses: Conflict)."""
    if notification_id is not None and notification_id not in unit.tables.table("notifications"):
        raise Conflict(f"no notification {notification_id} (foreign key)")
    if account_id not in unit.tables.accounts:
        raise Conflict(f"no account {account_id} (foreign key)")


class MemoryNotificationStore:
    """Tables are looked up on every use: a commit replaces the unit's copies."""

    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    @property
    def _n(self) -> dict[uuid.UUID, Notification]:
        return self._unit.tables.table("notifications")

    @property
    def _d(self) -> dict[uuid.UUID, _Row]:
        return self._unit.tables.table("notification_deliveries")

    @property
    def _touched(self) -> dict[uuid.UUID, datetime]:
        """``notifications.updated_at`` (the entity does not carry it)."""
        return self._unit.tables.table("notifications_updated_at")

    @property
    def _devices(self) -> dict[uuid.UUID, Device]:
        return self._unit.tables.table("push_devices")

    @property
    def _inbox(self) -> dict[uuid.UUID, _InboxRow]:
        return self._unit.tables.table("inbox_notifications")

    async def create(self, notification: Notification) -> bool:
        if any(n.event_id == notification.event_id for n in self._n.values()):
            return False
        self._n[notification.id] = notification
        self._touched[notification.id] = notification.created_at
        return True

    async def get(self, notification_id: uuid.UUID) -> Notification | None:
        return self._n.get(notification_id)

    async def lock(self, notification_id: uuid.UUID) -> Notification | None:
        return self._n.get(notification_id)

    def _prefs(self, account_id: uuid.UUID, channel_id: uuid.UUID | None) -> dict[str, bool]:
        tables = self._unit.tables
        chosen = dict(tables.table("notification_preferences").get(account_id, {}))
        if channel_id is not None:
            chosen |= tables.table("channel_notification_preferences").get(
                (account_id, channel_id), {}
            )
        return chosen

    async def recipients(
        self, notification: Notification, after: str | None, limit: int
    ) -> list[Recipient]:
        accounts = self._unit.tables.accounts
        keyed: list[tuple[uuid.UUID, uuid.UUID]] = []
        if notification.audience is Audience.FOLLOWERS:
            follows: dict[object, Follow] = self._unit.tables.table("channel_follows")
            keyed = [
                (f.id, f.account_id)
                for f in follows.values()
                if f.target_id == notification.channel_id
            ]
        else:
            keyed = [(a, a) for a in set(notification.account_ids) if a in accounts]
        keyed.sort()
        if after is not None:
            keyed = [k for k in keyed if k[0] > uuid.UUID(after)]
        return [
            Recipient(
                str(key), account_id, accounts[account_id].email,
                self._prefs(account_id, notification.channel_id),
            )
            for key, account_id in keyed[:limit]
            if account_id in accounts
        ]  # fmt: skip

    async def channel_owner(self, channel_id: uuid.UUID) -> uuid.UUID | None:
        channel = self._unit.tables.channels.get(channel_id)
        return channel.account_id if channel else None

    async def devices(self, account_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Device]]:
        wanted = set(account_ids)
        out: dict[uuid.UUID, list[Device]] = {}
        for device in sorted(self._devices.values(), key=lambda d: d.id):
            if device.account_id in wanted:
                out.setdefault(device.account_id, []).append(device)
        return out

    async def add_deliveries(self, deliveries: Sequence[NewDelivery]) -> list[uuid.UUID]:
        keys = {
            (r.new.notification_id, r.new.account_id, r.new.medium, r.new.target)
            for r in self._d.values()
        }
        for d in deliveries:  # one statement: all or nothing
            _exists(self._unit, d.notification_id, d.account_id)
        inserted = []
        for d in deliveries:
            key = (d.notification_id, d.account_id, d.medium, d.target)
            if key in keys:
                continue
            keys.add(key)
            self._d[d.id] = _Row(
                d, d.status, 0, d.next_attempt_at, None, None, None, d.next_attempt_at
            )
            inserted.append(d.id)
        return inserted

    async def add_inbox(
        self, notification: Notification, account_ids: Sequence[uuid.UUID], at: datetime
    ) -> int:
        for account_id in account_ids:  # one statement: all or nothing
            _exists(self._unit, notification.id, account_id)
        have = {(r.account_id, r.notification_id) for r in self._inbox.values()}
        added = 0
        for account_id in account_ids:
            if (account_id, notification.id) not in have:
                have.add((account_id, notification.id))
                row = _InboxRow(new_id(), account_id, notification.id, at, None)
                self._inbox[row.id] = row
                added += 1
        return added

    async def advance(self, notification_id: uuid.UUID, cursor: str | None, at: datetime) -> None:
        n = self._n.get(notification_id)
        if n is None:
            return
        self._n[notification_id] = (
            replace(n, expanded_at=at) if cursor is None else replace(n, cursor=cursor)
        )
        self._touched[notification_id] = at

    async def claim(
        self, ids: Sequence[uuid.UUID], now: datetime, lease_until: datetime
    ) -> list[Delivery]:
        out = []
        for delivery_id in ids:
            row = self._d.get(delivery_id)
            if row is None or row.status is not Status.PENDING or row.next_attempt_at > now:
                continue
            self._d[delivery_id] = replace(
                row, status=Status.SENDING, lease_until=lease_until, updated_at=now
            )
            n = self._n[row.new.notification_id]
            d = row.new
            out.append(
                Delivery(
                    d.id, d.notification_id, d.account_id, d.medium, d.target, row.attempts,
                    n.kind, n.payload, d.locale, d.digest,
                )
            )  # fmt: skip
        return out

    async def record(self, updates: Sequence[DeliveryUpdate], at: datetime) -> None:
        for u in updates:
            row = self._d.get(u.id)
            if row is None:
                continue
            self._d[u.id] = replace(
                row,
                status=u.status,
                provider_id=u.provider_id or row.provider_id,
                error=u.error,
                next_attempt_at=u.next_attempt_at or row.next_attempt_at,
                attempts=row.attempts + (1 if u.attempted else 0),
                lease_until=None,
                updated_at=at,
            )

    async def leases_ended(self, now: datetime, limit: int) -> list[uuid.UUID]:
        ended = [
            (row.lease_until, delivery_id)
            for delivery_id, row in self._d.items()
            if row.status is Status.SENDING and row.lease_until and row.lease_until < now
        ]
        return [delivery_id for _, delivery_id in sorted(ended)[:limit]]

    async def settle(self, updates: Sequence[DeliveryUpdate], now: datetime) -> int:
        ended = set(await self.leases_ended(now, len(self._d)))
        due = [u for u in updates if u.id in ended]
        await self.record(due, now)
        return len(due)

    async def prune_devices(self, tokens: Sequence[str]) -> int:
        gone = [d.id for d in self._devices.values() if d.token in set(tokens)]
        for device_id in gone:
            del self._devices[device_id]
        return len(gone)

    async def stale(self, now: datetime, pending_before: datetime, limit: int) -> list[uuid.UUID]:
        # as one statement: up to ``limit`` ended leases freed, then up to ``limit`` pending ones
        # due before ``pending_before`` (earliest first) as they were before the freeing
        due = sorted(
            (row.next_attempt_at, delivery_id)
            for delivery_id, row in self._d.items()
            if row.status is Status.PENDING and row.next_attempt_at < pending_before
        )
        freed = [
            delivery_id
            for delivery_id, row in self._d.items()
            if row.status is Status.SENDING and row.lease_until and row.lease_until < now
        ][:limit]
        for delivery_id in freed:
            row = self._d[delivery_id]
            self._d[delivery_id] = replace(
                row, status=Status.PENDING, lease_until=None, updated_at=now
            )
        return freed + [delivery_id for _, delivery_id in due[:limit]]

    async def unfinished(self, before: datetime, limit: int) -> list[Notification]:
        waiting = sorted(
            (self._touched.get(n.id, n.created_at), n.id)
            for n in self._n.values()
            if n.expanded_at is None and self._touched.get(n.id, n.created_at) < before
        )
        return [self._n[notification_id] for _, notification_id in waiting[:limit]]

    async def revive_dead(
        self, notification_id: uuid.UUID | None, now: datetime
    ) -> list[uuid.UUID]:
        out = []
        for delivery_id, row in list(self._d.items()):
            if row.status is Status.DEAD and notification_id in (None, row.new.notification_id):
                self._d[delivery_id] = replace(
                    row,
                    status=Status.PENDING,
                    attempts=0,
                    next_attempt_at=now,
                    error=None,
                    updated_at=now,
                )
                out.append(delivery_id)
        return out

    async def progress(self, notification_id: uuid.UUID) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self._d.values():
            if row.new.notification_id == notification_id:
                out[row.status.value] = out.get(row.status.value, 0) + 1
        return out

    async def recent_stats(self, since: datetime) -> list[tuple[str, str, int]]:
        out: dict[tuple[str, str], int] = {}
        for row in self._d.values():
            if row.updated_at >= since:
                key = (row.new.medium.value, row.status.value)
                out[key] = out.get(key, 0) + 1
        return [(m, s, c) for (m, s), c in sorted(out.items())]

    async def dead_letters(self, after: uuid.UUID | None, limit: int) -> list[DeliveryRecord]:
        rows = sorted(
            (r for r in self._d.values() if r.status is Status.DEAD), key=lambda r: r.new.id
        )
        return [
            DeliveryRecord(
                r.new.id, r.new.notification_id, r.new.account_id, r.new.medium, r.new.target,
                r.status, r.attempts, r.provider_id, r.error, r.updated_at,
            )
            for r in rows
            if after is None or r.new.id > after
        ][:limit]  # fmt: skip

    def deliveries(self) -> list[DeliveryRecord]:
        """Every delivery (tests)."""
        return [
            DeliveryRecord(
                r.new.id, r.new.notification_id, r.new.account_id, r.new.medium, r.new.target,
                r.status, r.attempts, r.provider_id, r.error, r.updated_at,
            )
            for r in self._d.values()
        ]  # fmt: skip

    def is_final(self, delivery_id: uuid.UUID) -> bool:
        return self._d[delivery_id].status in FINAL


class MemoryPushDevices:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    @property
    def _rows(self) -> dict[uuid.UUID, Device]:
        return self._unit.tables.table("push_devices")

    async def register(
        self, account_id: uuid.UUID, platform: str, token: str, at: datetime
    ) -> Device:
        _exists(self._unit, None, account_id)
        for device in list(self._rows.values()):
            if device.token == token:
                moved = replace(
                    device,
                    account_id=account_id,
                    platform=platform,
                    created_at=device.created_at if device.account_id == account_id else at,
                )
                self._rows[device.id] = moved
                return moved
        device = Device(new_id(), account_id, platform, token, at)
        self._rows[device.id] = device
        return device

    async def list(self, account_id: uuid.UUID) -> list[Device]:
        return sorted(
            (d for d in self._rows.values() if d.account_id == account_id), key=lambda d: d.id
        )

    async def remove(self, account_id: uuid.UUID, device_id: uuid.UUID) -> bool:
        device = self._rows.get(device_id)
        if device is None or device.account_id != account_id:
            return False
        del self._rows[device_id]
        return True


class MemoryInbox:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    @property
    def _rows(self) -> dict[uuid.UUID, _InboxRow]:
        return self._unit.tables.table("inbox_notifications")

    @property
    def _n(self) -> dict[uuid.UUID, Notification]:
        return self._unit.tables.table("notifications")

    def _item(self, row: _InboxRow) -> InboxItem:
        n = self._n[row.notification_id]
        return InboxItem(
            row.id, row.notification_id, n.kind, n.payload, row.created_at, row.read_at
        )

    async def list(
        self, account_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> list[InboxItem]:
        rows = sorted(
            (
                r
                for r in self._rows.values()
                if r.account_id == account_id and (after is None or r.id < after)
            ),
            key=lambda r: r.id,
            reverse=True,
        )
        return [self._item(r) for r in rows[:limit]]

    async def set_read(
        self, account_id: uuid.UUID, item_id: uuid.UUID, read_at: datetime | None
    ) -> InboxItem | None:
        row = self._rows.get(item_id)
        if row is None or row.account_id != account_id:
            return None
        self._rows[item_id] = replace(row, read_at=read_at)
        return self._item(self._rows[item_id])

    async def mark_all_read(self, account_id: uuid.UUID, at: datetime) -> int:
        changed = 0
        for item_id, row in list(self._rows.items()):
            if row.account_id == account_id and row.read_at is None:
                self._rows[item_id] = replace(row, read_at=at)
                changed += 1
        return changed

    async def unread_count(self, account_id: uuid.UUID) -> int:
        return sum(
            1 for r in self._rows.values() if r.account_id == account_id and r.read_at is None
        )


class MemoryNotificationJobs:
    """Records queued jobs (tests run them by hand; the embedded library drains them)."""

    def __init__(self) -> None:
        self.expansions: list[tuple[uuid.UUID, str | None]] = []
        self.sends: list[tuple[list[uuid.UUID], datetime | None]] = []

    async def expand(self, notification_id: uuid.UUID, cursor: str | None) -> None:
        self.expansions.append((notification_id, cursor))

    async def send(self, delivery_ids: Sequence[uuid.UUID], at: datetime | None = None) -> None:
        self.sends.append((list(delivery_ids), at))


class MemoryUnrecordedOutcomes:
    """Kept outcomes in a dict (shared by the units of one memory container): the provider's
    answer only (status, provider id, error), as Redis keeps it."""

    def __init__(self) -> None:
        self.kept: dict[uuid.UUID, DeliveryUpdate] = {}

    async def keep(self, updates: Sequence[DeliveryUpdate]) -> None:
        self.kept.update(
            (u.id, DeliveryUpdate(u.id, u.status, u.provider_id, u.error))
            for u in updates
            if u.status in DECIDED
        )

    async def recall(self, ids: Sequence[uuid.UUID]) -> list[DeliveryUpdate]:
        return [self.kept[i] for i in ids if i in self.kept]

    async def forget(self, ids: Sequence[uuid.UUID]) -> None:
        for delivery_id in ids:
            self.kept.pop(delivery_id, None)


class MemoryQuietCaps:
    def __init__(self) -> None:
        self.counts: dict[tuple[str, uuid.UUID], int] = {}

    async def count(self, account_ids: Sequence[uuid.UUID], hour: str) -> list[int]:
        out = []
        for account_id in account_ids:
            key = (hour, account_id)
            self.counts[key] = self.counts.get(key, 0) + 1
            out.append(self.counts[key])
        return out
