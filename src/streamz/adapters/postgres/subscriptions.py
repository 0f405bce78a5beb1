from __future__ import annotations

import uuid
from datetime import datetime

from streamz.adapters.postgres.rows import columns, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.channels.errors import AlreadySubscribed
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.ports.clock import Clock

register_constraint("uq_channel_subscriptions_active", AlreadySubscribed)

_COLUMNS = columns(Subscription)
_subscription = mapper(Subscription)


class PostgresSubscriptions:
    """Both ports: ``SubscriptionRepository`` and ``SubscriptionReader``."""

    def __init__(self, unit: PostgresUnit, clock: Clock) -> None:
        self._unit = unit
        self._clock = clock

    async def current(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> Subscription | None:
        rows = await self._unit.fetch_for_write(
            f"SELECT {_COLUMNS} FROM channel_subscriptions"  # noqa: S608
            " WHERE channel_id = $1 AND account_id = $2 AND ended_at IS NULL FOR UPDATE",
            channel_id,
            account_id,
        )
        return _subscription(rows[0]) if rows else None

    async def add(self, subscription: Subscription) -> None:
        row = values(subscription)
        await self._unit.execute(
            f"INSERT INTO channel_subscriptions ({_COLUMNS})"  # noqa: S608
            f" VALUES ({placeholders(len(row))})",
            *row,
        )

    async def update(self, subscription: Subscription) -> None:
        s = subscription
        await self._unit.execute(
            "UPDATE channel_subscriptions SET tier = $2, months = $3, gifted_by = $4,"
            " ends_at = $5, ended_at = $6, updated_at = $7 WHERE id = $1",
            s.id,
            s.tier,
            s.months,
            s.gifted_by,
            s.ends_at,
            s.ended_at,
            s.updated_at,
        )

    async def list_active(
        self, channel_id: uuid.UUID, *, now: datetime, limit: int, before: uuid.UUID | None
    ) -> list[Subscription]:
        rows = await self._unit.fetch(
            f"SELECT {_COLUMNS} FROM channel_subscriptions WHERE channel_id = $1"  # noqa: S608
            " AND ended_at IS NULL AND ends_at > $2 AND ($3::uuid IS NULL OR id < $3)"
            " ORDER BY id DESC LIMIT $4",
            channel_id,
            now,
            before,
            limit,
        )
        return [_subscription(r) for r in rows]

    async def active(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> Subscription | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM channel_subscriptions"  # noqa: S608
            " WHERE channel_id = $1 AND account_id = $2 AND ended_at IS NULL AND ends_at > $3",
            channel_id,
            account_id,
            self._clock.now(),
        )
        return _subscription(row) if row else None

    async def months(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> int:
        value = await self._unit.fetchval(
            "SELECT coalesce(sum(months), 0) FROM channel_subscriptions"
            " WHERE channel_id = $1 AND account_id = $2",
            channel_id,
            account_id,
        )
        return int(value)
