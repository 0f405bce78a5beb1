"""Blocked terms in memory (tables of the ``MemoryUnit``)."""

from __future__ import annotations

import uuid

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.chat.blocked_terms.entities import BlockedTerm, BlockedTerms
from streamz.core.chat.blocked_terms.errors import BlockedTermExists
from streamz.core.errors import Conflict


class MemoryBlockedTerms:
    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit
        self._rows: dict[uuid.UUID, BlockedTerm] = unit.tables.table("chat_blocked_terms")
        self._versions: dict[uuid.UUID, int] = unit.tables.table("chat_blocked_terms_versions")

    async def list_for(self, channel_id: uuid.UUID, *, lock: bool = False) -> BlockedTerms:
        rows = sorted(
            (r for r in self._rows.values() if r.channel_id == channel_id),
            key=lambda r: (r.created_at, r.id),
        )
        return BlockedTerms(rows, self._versions.get(channel_id, 0))

    async def version(self, channel_id: uuid.UUID) -> int:
        return self._versions.get(channel_id, 0)

    async def add(self, term: BlockedTerm) -> None:
        tables = self._unit.tables
        if term.channel_id not in tables.channels or (
            term.created_by is not None and term.created_by not in tables.accounts
        ):
            raise Conflict("no such channel or account")  # the foreign keys
        if any(
            r.channel_id == term.channel_id and r.normalised == term.normalised
            for r in self._rows.values()
        ):
            raise BlockedTermExists(f"this chatroom already blocks {term.term!r}")
        self._rows[term.id] = term

    async def remove(self, term_id: uuid.UUID) -> None:
        self._rows.pop(term_id, None)

    async def bump(self, channel_id: uuid.UUID) -> int:
        if channel_id not in self._unit.tables.channels:
            raise Conflict("no such channel")  # the foreign key
        version = self._versions.get(channel_id, 0) + 1
        self._versions[channel_id] = version
        return version
