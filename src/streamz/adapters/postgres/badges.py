from __future__ import annotations

import uuid

import asyncpg

from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.badges.errors import BadgeExists

register_constraint("uq_channel_badges_months", BadgeExists)

_COLUMNS = "id, channel_id, months, image_key, content_type, width, height, created_at"


def _badge(row: asyncpg.Record) -> Badge:
    return Badge(
        row["id"],
        row["channel_id"],
        row["months"],
        row["image_key"],
        row["content_type"],
        row["width"],
        row["height"],
        row["created_at"],
    )


class PostgresBadges:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def add(self, badge: Badge) -> None:
        await self._unit.execute(
            f"INSERT INTO channel_badges ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",  # noqa: S608
            badge.id,
            badge.channel_id,
            badge.months,
            badge.image_key,
            badge.content_type,
            badge.width,
            badge.height,
            badge.created_at,
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
