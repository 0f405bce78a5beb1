"""Panels and social links in memory (tables of the ``MemoryUnit``), with the Postgres rules."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any, Generic, TypeVar

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.channels.about.entities import Panel, SocialLink
from streamz.core.channels.about.errors import DuplicateLink
from streamz.core.errors import Conflict

T = TypeVar("T", Panel, SocialLink)


class _Ordered(Generic[T]):
    _table = ""

    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, T] = unit.tables.table(self._table)

    async def list_for(self, channel_id: uuid.UUID, *, lock: bool = False) -> list[T]:
        rows = [r for r in self._rows.values() if r.channel_id == channel_id]
        return sorted(rows, key=lambda r: (r.position, r.id))

    def _insert(self, row: T) -> None:
        if row.channel_id not in self._unit.tables.channels:
            raise Conflict("no such channel")  # the foreign key
        self._rows[row.id] = row

    def _change(self, row_id: uuid.UUID, **changes: Any) -> None:
        """As an UPDATE of some columns: a missing row stays missing."""
        if (current := self._rows.get(row_id)) is not None:
            self._rows[row_id] = replace(current, **changes)

    async def remove(self, row_id: uuid.UUID) -> None:
        self._rows.pop(row_id, None)

    async def reorder(self, channel_id: uuid.UUID, ids: list[uuid.UUID]) -> None:
        """Positions in the order of ``ids``; ids of other channels or of no row are skipped."""
        for position, row_id in enumerate(ids):
            row = self._rows.get(row_id)
            if row is not None and row.channel_id == channel_id:
                self._rows[row_id] = replace(row, position=position)


class MemoryPanels(_Ordered[Panel]):
    _table = "channel_panels"

    async def add(self, panel: Panel) -> None:
        self._insert(panel)

    async def update(self, panel: Panel) -> None:
        self._change(
            panel.id,
            title=panel.title,
            body=panel.body,
            image_url=panel.image_url,
            link_url=panel.link_url,
            updated_at=panel.updated_at,
        )


class MemorySocialLinks(_Ordered[SocialLink]):
    _table = "channel_social_links"

    def _refuse_duplicate(self, link: SocialLink, rows: Any) -> None:
        """What ``uq_channel_social_links_channel_id_url`` refuses."""
        for other in rows:
            if other.id != link.id and (other.channel_id, other.url) == (link.channel_id, link.url):
                raise DuplicateLink(f"this channel already links to {link.url}")

    async def add(self, link: SocialLink) -> None:
        self._refuse_duplicate(link, self._rows.values())
        self._insert(link)
        self._unit.before_commit(lambda: self._still_unique(link.id))

    async def update(self, link: SocialLink) -> None:
        current = self._rows.get(link.id)
        if current is None:
            return
        self._refuse_duplicate(replace(current, url=link.url), self._rows.values())
        self._change(link.id, url=link.url, label=link.label, updated_at=link.updated_at)
        self._unit.before_commit(lambda: self._still_unique(link.id))

    async def _still_unique(self, link_id: uuid.UUID) -> None:
        """The same URL added by a unit that committed after this one opened fails the commit."""
        if (link := self._rows.get(link_id)) is not None:
            seen = self._unit._snapshot.table(self._table)  # the adapters' package's own unit
            rows = self._unit.database.tables.table(self._table)
            self._refuse_duplicate(link, [r for key, r in rows.items() if seen.get(key) is not r])
