"""Subscriber badges in memory."""

from __future__ import annotations

import uuid

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.badges.errors import BadgeExists
from streamz.core.errors import Conflict


class MemoryBadges:
    """Badges with the Postgres rules: one per channel and months, of an existing channel."""

    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, Badge] = unit.tables.table("channel_badges")

    async def add(self, badge: Badge) -> None:
        if await self.get(badge.channel_id, badge.months):
            raise BadgeExists(f"the channel has a {badge.months}-month badge already")
        if badge.channel_id not in self._unit.tables.channels:
            raise Conflict("no such channel")  # the foreign key
        self._rows[badge.id] = badge
        self._unit.before_commit(lambda: self._still_unique(badge))

    async def _still_unique(self, badge: Badge) -> None:
        """What ``uq_channel_badges_months`` refuses: the same months added by a unit that
        committed after this one opened."""
        if badge.id not in self._rows:
            return
        seen = self._unit._snapshot.table("channel_badges")  # the adapters' package's own unit
        rows = self._unit.database.tables.table("channel_badges")
        key = (badge.channel_id, badge.months)
        if any((b.channel_id, b.months) == key for k, b in rows.items() if seen.get(k) is not b):
            raise BadgeExists(f"the channel has a {badge.months}-month badge already")

    async def for_channel(self, channel_id: uuid.UUID) -> list[Badge]:
        rows = [b for b in self._rows.values() if b.channel_id == channel_id]
        return sorted(rows, key=lambda b: b.months)

    async def get(self, channel_id: uuid.UUID, months: int) -> Badge | None:
        return next(
            (b for b in self._rows.values() if (b.channel_id, b.months) == (channel_id, months)),
            None,
        )

    async def remove(self, badge_id: uuid.UUID) -> None:
        self._rows.pop(badge_id, None)
