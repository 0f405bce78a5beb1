from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.errors import AlreadySubscribed
from streamz.core.channels.subscriptions.entities import Subscription
from streamz.core.errors import Conflict
from streamz.ports.clock import Clock


class MemorySubscriptions:
    """Both ports: ``SubscriptionRepository`` and ``SubscriptionReader``."""

    def __init__(self, unit: MemoryUnit, clock: Clock) -> None:
        self._unit = unit
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
        s = subscription
        if s.ended_at is None and await self.current(s.channel_id, s.account_id):
            raise AlreadySubscribed("a subscription is already open")
        self._check(s)
        self._rows[s.id] = s
        self._unit.before_commit(lambda: self._still_one_open(s.id))

    async def update(self, subscription: Subscription) -> None:
        """As the Postgres UPDATE: tier, months, gift, end and times; never the channel, the
        account or the start; a missing row stays missing."""
        s = subscription
        if (current := self._rows.get(s.id)) is None:
            return
        changed = replace(
            current,
            tier=s.tier,
            months=s.months,
            gifted_by=s.gifted_by,
            ends_at=s.ends_at,
            ended_at=s.ended_at,
            updated_at=s.updated_at,
        )
        self._check(changed)
        if changed.ended_at is None and any(
            o.id != s.id and o.ended_at is None for o in self._of(s.channel_id, s.account_id)
        ):
            raise AlreadySubscribed("a subscription is already open")
        self._rows[s.id] = changed

    def _check(self, s: Subscription) -> None:
        """The table's checks and foreign keys."""
        accounts = self._unit.tables.accounts
        if not 1 <= s.tier <= 3 or s.months < 1:
            raise Conflict("tier or months out of range")
        if s.channel_id not in self._unit.tables.channels or s.account_id not in accounts:
            raise Conflict("no such channel or account")
        if s.gifted_by is not None and s.gifted_by not in accounts:
            raise Conflict("no such gifter")

    async def _still_one_open(self, subscription_id: uuid.UUID) -> None:
        """What ``uq_channel_subscriptions_active`` refuses: another open subscription of the
        account to the channel, committed by a unit after this one opened."""
        s = self._rows.get(subscription_id)
        if s is None or s.ended_at is not None:
            return
        seen = self._unit._snapshot.table("channel_subscriptions")  # the package's own unit
        rows = self._unit.database.tables.table("channel_subscriptions")
        for key, other in rows.items():
            if seen.get(key) is other or key == s.id or other.ended_at is not None:
                continue
            if (other.channel_id, other.account_id) == (s.channel_id, s.account_id):
                raise AlreadySubscribed("a subscription is already open")

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
