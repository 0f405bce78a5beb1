"""Notifications, deliveries, push devices and the inbox on PostgreSQL.

Deliveries are written in bulk (``unnest``) and claimed with ``FOR UPDATE SKIP LOCKED`` so
any number of workers share the work without sending a row twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg

from streamz.adapters.postgres.rows import columns, field_names, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.notifications.entities import (
    Audience,
    Delivery,
    DeliveryRecord,
    DeliveryUpdate,
    Device,
    InboxItem,
    Kind,
    Medium,
    NewDelivery,
    Notification,
    Recipient,
    Status,
)
from streamz.core.shared.ids import new_id

_N_COLUMNS = columns(Notification)
_N_FIELDS = field_names(Notification)
_PREFS = (
    "COALESCE(p.settings, '{{}}'::jsonb) || COALESCE(c.settings, '{{}}'::jsonb) AS preferences"
    " FROM {source}"
    " LEFT JOIN notification_preferences p ON p.account_id = {account}"
    " LEFT JOIN channel_notification_preferences c ON c.account_id = {account}"
    " AND c.channel_id = {channel}"
)
_FOLLOWERS = (
    "SELECT f.id::text AS key, f.account_id, COALESCE(a.email, '') AS email, "
    + _PREFS.format(
        source="channel_follows f JOIN accounts a ON a.id = f.account_id",
        account="f.account_id",
        channel="f.channel_id",
    )
    + " WHERE f.channel_id = $1 AND ($2::uuid IS NULL OR f.id > $2::uuid) ORDER BY f.id LIMIT $3"
)
_ACCOUNTS = (
    "SELECT a.id::text AS key, a.id AS account_id, COALESCE(a.email, '') AS email, "
    + _PREFS.format(source="accounts a", account="a.id", channel="$4::uuid")
    + " WHERE a.id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR a.id > $2::uuid)"
    " ORDER BY a.id LIMIT $3"
)
_INSERT_DELIVERIES = (
    "INSERT INTO notification_deliveries (id, notification_id, account_id, medium, target,"
    " status, next_attempt_at, locale, digest, attempts, created_at, updated_at)"
    " SELECT u.id, u.notification_id, u.account_id, u.medium, u.target, u.status, u.next_at,"
    " u.locale, u.digest, 0, u.next_at, u.next_at"
    " FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],"
    " $7::timestamptz[], $8::text[], $9::bool[])"
    " AS u(id, notification_id, account_id, medium, target, status, next_at, locale, digest)"
    " ON CONFLICT (notification_id, account_id, medium, target) DO NOTHING RETURNING id"
)
_CLAIM = (
    "UPDATE notification_deliveries d SET status = 'sending', lease_until = $3, updated_at = $2"
    " FROM notifications n"
    " WHERE d.id IN (SELECT id FROM notification_deliveries WHERE id = ANY($1::uuid[])"
    " AND status = 'pending' AND next_attempt_at <= $2 FOR UPDATE SKIP LOCKED)"
    " AND n.id = d.notification_id"
    " RETURNING d.id, d.notification_id, d.account_id, d.medium, d.target, d.attempts, n.kind,"
    " n.payload, d.locale, d.digest"
)
_RECORD = (
    "UPDATE notification_deliveries d SET status = u.status,"
    " provider_id = COALESCE(u.provider_id, d.provider_id), error = u.error,"
    " next_attempt_at = COALESCE(u.next_at, d.next_attempt_at), attempts = d.attempts + u.inc,"
    " lease_until = NULL, updated_at = $7"
    " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int[])"
    " AS u(id, status, provider_id, error, next_at, inc) WHERE d.id = u.id"
)
_SETTLE = _RECORD + " AND d.status = 'sending' AND d.lease_until < $7"
_LEASES_ENDED = (
    "SELECT id FROM notification_deliveries WHERE status = 'sending' AND lease_until < $1"
    " ORDER BY lease_until LIMIT $2"
)
_STALE = (
    "WITH freed AS (UPDATE notification_deliveries SET status = 'pending', lease_until = NULL,"
    " updated_at = $1 WHERE id IN (SELECT id FROM notification_deliveries"
    " WHERE status = 'sending' AND lease_until < $1 LIMIT $3 FOR UPDATE SKIP LOCKED)"
    " RETURNING id)"
    " SELECT id FROM freed UNION ALL (SELECT id FROM notification_deliveries"
    " WHERE status = 'pending' AND next_attempt_at < $2 ORDER BY next_attempt_at LIMIT $3)"
)
_DEVICE_COLUMNS = columns(Device)
_RECORD_COLUMNS = columns(DeliveryRecord)

_notification = mapper(
    Notification,
    convert={"kind": Kind, "audience": Audience, "account_ids": tuple, "payload": dict},
)
_recipient = mapper(Recipient, convert={"preferences": dict})
_device = mapper(Device)
_delivery = mapper(Delivery, convert={"medium": Medium, "kind": Kind, "payload": dict})
_record = mapper(DeliveryRecord, convert={"medium": Medium, "status": Status})


def _ids(rows: list[asyncpg.Record]) -> list[uuid.UUID]:
    """The single column of ``rows`` (``RETURNING id``)."""
    return [value for (value,) in rows]


def _update_columns(updates: Sequence[DeliveryUpdate]) -> tuple[list[Any], ...]:
    return (
        [u.id for u in updates],
        [u.status.value for u in updates],
        [u.provider_id for u in updates],
        [u.error for u in updates],
        [u.next_attempt_at for u in updates],
        [1 if u.attempted else 0 for u in updates],
    )


class PostgresNotificationStore:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def create(self, n: Notification) -> bool:
        rows = await self._unit.fetch_for_write(
            f"INSERT INTO notifications ({_N_COLUMNS}, updated_at)"  # noqa: S608 - fixed names
            f" VALUES ({placeholders(len(_N_FIELDS))}, ${_N_FIELDS.index('created_at') + 1})"
            " ON CONFLICT (event_id) DO NOTHING RETURNING id",
            *(list(v) if isinstance(v, tuple) else v for v in values(n)),
        )
        return bool(rows)

    async def get(self, notification_id: uuid.UUID) -> Notification | None:
        row = await self._unit.fetchrow(
            f"SELECT {_N_COLUMNS} FROM notifications WHERE id = $1",  # noqa: S608
            notification_id,
        )
        return _notification(row) if row else None

    async def lock(self, notification_id: uuid.UUID) -> Notification | None:
        rows = await self._unit.fetch_for_write(
            f"SELECT {_N_COLUMNS} FROM notifications WHERE id = $1 FOR UPDATE",  # noqa: S608
            notification_id,
        )
        return _notification(rows[0]) if rows else None

    async def recipients(
        self, notification: Notification, after: str | None, limit: int
    ) -> list[Recipient]:
        cursor = uuid.UUID(after) if after else None
        if notification.audience is Audience.FOLLOWERS:
            rows = await self._unit.fetch(_FOLLOWERS, notification.channel_id, cursor, limit)
        else:
            rows = await self._unit.fetch(
                _ACCOUNTS, list(notification.account_ids), cursor, limit, notification.channel_id
            )
        return [_recipient(r) for r in rows]

    async def channel_owner(self, channel_id: uuid.UUID) -> uuid.UUID | None:
        owner: uuid.UUID | None = await self._unit.fetchval(
            "SELECT account_id FROM channels WHERE id = $1", channel_id
        )
        return owner

    async def devices(self, account_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Device]]:
        rows = await self._unit.fetch(
            f"SELECT {_DEVICE_COLUMNS} FROM push_devices"  # noqa: S608
            " WHERE account_id = ANY($1::uuid[]) ORDER BY id",
            list(account_ids),
        )
        out: dict[uuid.UUID, list[Device]] = {}
        for device in map(_device, rows):
            out.setdefault(device.account_id, []).append(device)
        return out

    async def add_deliveries(self, deliveries: Sequence[NewDelivery]) -> list[uuid.UUID]:
        rows = await self._unit.fetch_for_write(
            _INSERT_DELIVERIES,
            [d.id for d in deliveries],
            [d.notification_id for d in deliveries],
            [d.account_id for d in deliveries],
            [d.medium.value for d in deliveries],
            [d.target for d in deliveries],
            [d.status.value for d in deliveries],
            [d.next_attempt_at for d in deliveries],
            [d.locale for d in deliveries],
            [d.digest for d in deliveries],
        )
        return _ids(rows)

    async def add_inbox(
        self, notification: Notification, account_ids: Sequence[uuid.UUID], at: datetime
    ) -> int:
        rows = await self._unit.fetch_for_write(
            "INSERT INTO inbox_notifications (id, account_id, notification_id, created_at)"
            " SELECT u.id, u.account_id, $3, $4 FROM unnest($1::uuid[], $2::uuid[])"
            " AS u(id, account_id)"
            " ON CONFLICT (account_id, notification_id) DO NOTHING RETURNING id",
            [new_id() for _ in account_ids],
            list(account_ids),
            notification.id,
            at,
        )
        return len(rows)

    async def advance(self, notification_id: uuid.UUID, cursor: str | None, at: datetime) -> None:
        if cursor is None:
            sql = "UPDATE notifications SET expanded_at = $2, updated_at = $2 WHERE id = $1"
            await self._unit.execute(sql, notification_id, at)
        else:
            sql = "UPDATE notifications SET cursor = $2, updated_at = $3 WHERE id = $1"
            await self._unit.execute(sql, notification_id, cursor, at)

    async def claim(
        self, ids: Sequence[uuid.UUID], now: datetime, lease_until: datetime
    ) -> list[Delivery]:
        rows = await self._unit.fetch_for_write(_CLAIM, list(ids), now, lease_until)
        return [_delivery(r) for r in rows]

    async def record(self, updates: Sequence[DeliveryUpdate], at: datetime) -> None:
        if updates:
            await self._unit.execute(_RECORD, *_update_columns(updates), at)

    async def leases_ended(self, now: datetime, limit: int) -> list[uuid.UUID]:
        return _ids(await self._unit.fetch(_LEASES_ENDED, now, limit))

    async def settle(self, updates: Sequence[DeliveryUpdate], now: datetime) -> int:
        if not updates:
            return 0
        result = await self._unit.execute(_SETTLE, *_update_columns(updates), now)
        return int(result.split()[-1])

    async def prune_devices(self, tokens: Sequence[str]) -> int:
        result = await self._unit.execute(
            "DELETE FROM push_devices WHERE token = ANY($1::text[])", list(tokens)
        )
        return int(result.split()[-1])

    async def stale(self, now: datetime, pending_before: datetime, limit: int) -> list[uuid.UUID]:
        return _ids(await self._unit.fetch_for_write(_STALE, now, pending_before, limit))

    async def unfinished(self, before: datetime, limit: int) -> list[Notification]:
        rows = await self._unit.fetch(
            f"SELECT {_N_COLUMNS} FROM notifications"  # noqa: S608
            " WHERE expanded_at IS NULL AND updated_at < $1 ORDER BY updated_at LIMIT $2",
            before,
            limit,
        )
        return [_notification(r) for r in rows]

    async def revive_dead(
        self, notification_id: uuid.UUID | None, now: datetime
    ) -> list[uuid.UUID]:
        rows = await self._unit.fetch_for_write(
            "UPDATE notification_deliveries SET status = 'pending', attempts = 0,"
            " next_attempt_at = $2, updated_at = $2, error = NULL"
            " WHERE status = 'dead' AND ($1::uuid IS NULL OR notification_id = $1) RETURNING id",
            notification_id,
            now,
        )
        return _ids(rows)

    async def progress(self, notification_id: uuid.UUID) -> dict[str, int]:
        rows = await self._unit.fetch(
            "SELECT status, count(*) AS n FROM notification_deliveries"
            " WHERE notification_id = $1 GROUP BY status",
            notification_id,
        )
        return {status: n for status, n in rows}  # noqa: C416 - records, not pairs

    async def recent_stats(self, since: datetime) -> list[tuple[str, str, int]]:
        rows = await self._unit.fetch(
            "SELECT medium, status, count(*) AS n FROM notification_deliveries"
            " WHERE updated_at >= $1 GROUP BY medium, status ORDER BY medium, status",
            since,
        )
        return [(medium, status, n) for medium, status, n in rows]

    async def dead_letters(self, after: uuid.UUID | None, limit: int) -> list[DeliveryRecord]:
        rows = await self._unit.fetch(
            f"SELECT {_RECORD_COLUMNS} FROM notification_deliveries"  # noqa: S608
            " WHERE status = 'dead' AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2",
            after,
            limit,
        )
        return [_record(r) for r in rows]


class PostgresPushDevices:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def register(
        self, account_id: uuid.UUID, platform: str, token: str, at: datetime
    ) -> Device:
        rows = await self._unit.fetch_for_write(
            "INSERT INTO push_devices (id, account_id, platform, token, created_at, updated_at)"  # noqa: S608
            " VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (token) DO UPDATE SET"
            " account_id = EXCLUDED.account_id, platform = EXCLUDED.platform,"
            " updated_at = EXCLUDED.updated_at,"
            " created_at = CASE WHEN push_devices.account_id = EXCLUDED.account_id"
            " THEN push_devices.created_at ELSE EXCLUDED.created_at END"
            f" RETURNING {_DEVICE_COLUMNS}",
            new_id(),
            account_id,
            platform,
            token,
            at,
        )
        return _device(rows[0])

    async def list(self, account_id: uuid.UUID) -> list[Device]:
        rows = await self._unit.fetch(
            f"SELECT {_DEVICE_COLUMNS} FROM push_devices WHERE account_id = $1 ORDER BY id",  # noqa: S608
            account_id,
        )
        return [_device(r) for r in rows]

    async def remove(self, account_id: uuid.UUID, device_id: uuid.UUID) -> bool:
        result = await self._unit.execute(
            "DELETE FROM push_devices WHERE id = $1 AND account_id = $2", device_id, account_id
        )
        return result.split()[-1] != "0"


_INBOX = (
    "SELECT i.id, i.notification_id, n.kind, n.payload, i.created_at, i.read_at"
    " FROM inbox_notifications i JOIN notifications n ON n.id = i.notification_id"
)


_item = mapper(InboxItem, convert={"kind": Kind, "payload": dict})


class PostgresInbox:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def list(
        self, account_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> list[InboxItem]:
        rows = await self._unit.fetch(
            f"{_INBOX} WHERE i.account_id = $1 AND ($2::uuid IS NULL OR i.id < $2)"
            " ORDER BY i.id DESC LIMIT $3",
            account_id,
            after,
            limit,
        )
        return [_item(r) for r in rows]

    async def set_read(
        self, account_id: uuid.UUID, item_id: uuid.UUID, read_at: datetime | None
    ) -> InboxItem | None:
        rows = await self._unit.fetch_for_write(
            "UPDATE inbox_notifications SET read_at = $3 WHERE id = $1 AND account_id = $2"
            " RETURNING id",
            item_id,
            account_id,
            read_at,
        )
        if not rows:
            return None
        found = await self._unit.fetch_for_write(f"{_INBOX} WHERE i.id = $1", item_id)
        return _item(found[0])

    async def mark_all_read(self, account_id: uuid.UUID, at: datetime) -> int:
        result = await self._unit.execute(
            "UPDATE inbox_notifications SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL",
            account_id,
            at,
        )
        return int(result.split()[-1])

    async def unread_count(self, account_id: uuid.UUID) -> int:
        count: int = await self._unit.fetchval(
            "SELECT count(*) FROM inbox_notifications WHERE account_id = $1 AND read_at IS NULL",
            account_id,
        )
        return count
