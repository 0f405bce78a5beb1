from __future__ import annotations

import uuid

from streamz.adapters.postgres.rows import columns, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.badges.errors import BadgeExists

register_constraint("uq_channel_badges_months", BadgeExists)

_COLUMNS = columns(Badge)
_badge = mapper(Badge)


class PostgresBadges:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, badge: Badge) -> None:
        row = values(badge)
        await self._unit.execute(
            f"INSERT INTO channel_badges ({_COLUMNS}) VALUES ({placeholders(len(row))})",  # noqa: S608
            *row,
        )

    async def for_channel(self, channel_id: uuid.UUID) -> list[Badge]:
        rows = await self._unit.fetch(
            f"SELECT {_COLUMNS} FROM channel_badges WHERE channel_id = $1 ORDER BY months",  # noqa: S608
            channel_id,
        )
        return [_badge(r) for r in rows]

    async def get(self, channel_id: uuid.UUID, months: int) -> Badge | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM channel_badges WHERE channel_id = $1 AND months = $2",  # noqa: S608
            channel_id,
            months,
        )
        return _badge(row) if row else None

    async def remove(self, badge_id: uuid.UUID) -> None:
        await self._unit.execute("DELETE FROM channel_badges WHERE id = $1", badge_id)
