"""Panels and social links in memory (tables of the ``MemoryUnit``)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any, Generic, TypeVar

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.about.errors import DuplicateLink

T = TypeVar("T", Panel, SocialLink)


class _Ordered(Generic[T]):
    def __init__(self, rows: dict[uuid.UUID, Any]) -> None:
        self._rows: dict[uuid.UUID, T] = rows

    async def list_for(self, channel_id: uuid.UUID, *, lock: bool = False) -> list[T]:
        rows = [r for r in self._rows.values() if r.channel_id == channel_id]
        return sorted(rows, key=lambda r: (r.position, r.id))

    async def update(self, row: T) -> None:
        self._rows[row.id] = row

    async def remove(self, row_id: uuid.UUID) -> None:
        self._rows.pop(row_id, None)

    async def reorder(self, channel_id: uuid.UUID, ids: list[uuid.UUID]) -> None:
        for position, row_id in enumerate(ids):
            row = self._rows[row_id]
            if row.channel_id == channel_id:
                self._rows[row_id] = replace(row, position=position)


class MemoryPanels(_Ordered[Panel]):
    def __init__(self, unit: MemoryUnit) -> None:
        super().__init__(unit.tables.table("channel_panels"))

    async def add(self, panel: Panel) -> None:
        self._rows[panel.id] = panel


class MemorySocialLinks(_Ordered[SocialLink]):
    def __init__(self, unit: MemoryUnit) -> None:
        super().__init__(unit.tables.table("channel_social_links"))

    async def add(self, link: SocialLink) -> None:
        if any(r.channel_id == link.channel_id and r.url == link.url for r in self._rows.values()):
            raise DuplicateLink(f"this channel already links to {link.url}")
        self._rows[link.id] = link
