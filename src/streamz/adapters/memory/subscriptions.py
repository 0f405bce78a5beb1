from __future__ import annotations

import uuid
from datetime import datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.errors import AlreadySubscribed
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.ports.clock import Clock


class MemorySubscriptions:
    """Both ports: ``SubscriptionRepository`` and ``SubscriptionReader``."""

    def __init__(self, unit: MemoryUnit, clock: Clock) -> None:
        self._rows: dict[uuid.UUID, Subscription] = unit.tables.table("channel_subscriptions")
        self._clock = clock

    def _of(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> list[Subscription]:
        return [
            s
            for s in self._rows.values()
            if s.channel_id == channel_id and s.account_id == account_id
        ]

    async def current(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> Subscription | None:
        return next((s for s in self._of(channel_id, account_id) if s.ended_at is None), None)

    async def add(self, subscription: Subscription) -> None:
        if await self.current(subscription.channel_id, subscription.account_id):
            raise AlreadySubscribed("a subscription is already open")
        self._rows[subscription.id] = subscription

    async def update(self, subscription: Subscription) -> None:
        self._rows[subscription.id] = subscription

    async def list_active(
        self, channel_id: uuid.UUID, *, now: datetime, limit: int, before: uuid.UUID | None
    ) -> list[Subscription]:
        rows = [
            s
            for s in self._rows.values()
            if s.channel_id == channel_id and s.active_at(now) and (before is None or s.id < before)
        ]
        return sorted(rows, key=lambda s: s.id, reverse=True)[:limit]

    async def active(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> Subscription | None:
        now = self._clock.now()
        return next((s for s in self._of(channel_id, account_id) if s.active_at(now)), None)

    async def months(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> int:
        return sum(s.months for s in self._of(channel_id, account_id))
