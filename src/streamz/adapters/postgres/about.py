"""Panels and social links on PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from streamz.adapters.postgres.rows import Mapper, columns, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.about.errors import DuplicateLink

register_constraint("uq_channel_social_links_channel_id_url", DuplicateLink)

# Writers of one channel's content queue on its row. NO KEY UPDATE: inserts elsewhere that
# reference the channel (FOR KEY SHARE) are not blocked.
_LOCK = "SELECT id FROM channels WHERE id = $1 FOR NO KEY UPDATE"


class _Ordered:
    _table = ""
    _columns = ""

    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def _rows(self, channel_id: uuid.UUID, lock: bool) -> list[asyncpg.Record]:
        sql = (
            f"SELECT {self._columns} FROM {self._table}"  # noqa: S608 - fixed names
            " WHERE channel_id = $1 ORDER BY position, id"
        )
        if lock:
            await self._unit.fetch_for_write(_LOCK, channel_id)
            return await self._unit.fetch_for_write(sql, channel_id)
        return await self._unit.fetch(sql, channel_id)

    async def _add(self, entity: Any) -> None:
        row = values(entity)
        await self._unit.execute(
            f"INSERT INTO {self._table} ({self._columns})"  # noqa: S608 - fixed names
            f" VALUES ({placeholders(len(row))})",
            *row,
        )

    async def remove(self, row_id: uuid.UUID) -> None:
        await self._unit.execute(f"DELETE FROM {self._table} WHERE id = $1", row_id)  # noqa: S608

    async def reorder(self, channel_id: uuid.UUID, ids: list[uuid.UUID]) -> None:
        await self._unit.execute(
            f"UPDATE {self._table} AS t SET position = o.n - 1"  # noqa: S608 - fixed names
            " FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, n)"
            " WHERE t.id = o.id AND t.channel_id = $1",
            channel_id,
            ids,
        )


_panel: Mapper[Panel] = mapper(Panel)
_link: Mapper[SocialLink] = mapper(SocialLink)


class PostgresPanels(_Ordered):
    _table = "channel_panels"
    _columns = columns(Panel)

    async def list_for(self, channel_id: uuid.UUID, *, lock: bool = False) -> list[Panel]:
        return [_panel(r) for r in await self._rows(channel_id, lock)]

    async def add(self, panel: Panel) -> None:
        await self._add(panel)

    async def update(self, panel: Panel) -> None:
        await self._unit.execute(
            "UPDATE channel_panels SET title = $2, body = $3, image_url = $4, link_url = $5,"
            " updated_at = $6 WHERE id = $1",
            panel.id,
            panel.title,
            panel.body,
            panel.image_url,
            panel.link_url,
            panel.updated_at,
        )


class PostgresSocialLinks(_Ordered):
    _table = "channel_social_links"
    _columns = columns(SocialLink)

    async def list_for(self, channel_id: uuid.UUID, *, lock: bool = False) -> list[SocialLink]:
        return [_link(r) for r in await self._rows(channel_id, lock)]

    async def add(self, link: SocialLink) -> None:
        await self._add(link)

    async def update(self, link: SocialLink) -> None:
        await self._unit.execute(
            "UPDATE channel_social_links SET url = $2, label = $3, updated_at = $4 WHERE id = $1",
            link.id,
            link.url,
            link.label,
            link.updated_at,
        )
