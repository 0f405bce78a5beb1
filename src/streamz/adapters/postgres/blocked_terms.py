"""Blocked terms on PostgreSQL: ``chat_blocked_terms`` and one version row per channel."""

from __future__ import annotations

import uuid

from streamz.adapters.postgres.rows import columns, field_names, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.chat.blocked_terms.entities import BlockedTerm, BlockedTerms
from streamz.core.chat.blocked_terms.errors import BlockedTermExists
from streamz.core.shared.ids import new_id

register_constraint("uq_chat_blocked_terms_channel_id_normalised", BlockedTermExists)

_COLUMNS = columns(BlockedTerm)
_VALUES = placeholders(len(field_names(BlockedTerm)))
_term = mapper(BlockedTerm)
# Writers of one channel's terms queue on its row. NO KEY UPDATE: inserts elsewhere that
# reference the channel (FOR KEY SHARE) are not blocked.
_LOCK = "SELECT id FROM channels WHERE id = $1 FOR NO KEY UPDATE"
_LIST = (
    f"SELECT {_COLUMNS} FROM chat_blocked_terms"  # noqa: S608 - fixed names
    " WHERE channel_id = $1 ORDER BY created_at, id"
)
_VERSION = "SELECT version FROM chat_blocked_terms_versions WHERE channel_id = $1"


class PostgresBlockedTerms:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def list_for(self, channel_id: uuid.UUID, *, lock: bool = False) -> BlockedTerms:
        if lock:
            await self._unit.fetch_for_write(_LOCK, channel_id)
            rows = await self._unit.fetch_for_write(_LIST, channel_id)
            versions = await self._unit.fetch_for_write(_VERSION, channel_id)
            version = versions[0]["version"] if versions else 0
        else:
            rows = await self._unit.fetch(_LIST, channel_id)
            version = await self.version(channel_id)
        return BlockedTerms([_term(r) for r in rows], int(version))

    async def version(self, channel_id: uuid.UUID) -> int:
        return int(await self._unit.fetchval(_VERSION, channel_id) or 0)

    async def add(self, term: BlockedTerm) -> None:
        await self._unit.execute(
            f"INSERT INTO chat_blocked_terms ({_COLUMNS}) VALUES ({_VALUES})",  # noqa: S608
            *values(term),
        )

    async def remove(self, term_id: uuid.UUID) -> None:
        await self._unit.execute("DELETE FROM chat_blocked_terms WHERE id = $1", term_id)

    async def bump(self, channel_id: uuid.UUID) -> int:
        rows = await self._unit.fetch_for_write(
            "INSERT INTO chat_blocked_terms_versions AS v (id, channel_id, version)"
            " VALUES ($1, $2, 1) ON CONFLICT (channel_id)"
            " DO UPDATE SET version = v.version + 1 RETURNING version",
            new_id(),
            channel_id,
        )
        return int(rows[0]["version"])
