"""Chat emotes on PostgreSQL: ``chat_emotes`` (the images are in the object store)."""

from __future__ import annotations

import uuid

from streamz.adapters.postgres.rows import columns, field_names, mapper, placeholders, values
from streamz.adapters.postgres.unit import PostgresUnit, register_constraint
from streamz.core.chat.emotes.entities import Emote
from streamz.core.chat.emotes.errors import EmoteCodeTaken

register_constraint("uq_chat_emotes_channel_id_code_key", EmoteCodeTaken)

_COLUMNS = columns(Emote)
_VALUES = placeholders(len(field_names(Emote)) + 1)  # and code_key
_emote = mapper(Emote)
# Writers of one channel's emotes queue on its row. NO KEY UPDATE: inserts elsewhere that
# reference the channel (FOR KEY SHARE) are not blocked.
_LOCK = "SELECT id FROM channels WHERE id = $1 FOR NO KEY UPDATE"
# code_key is lower(code) and unique per channel: a total order, the same as in memory
_LIST = (
    f"SELECT {_COLUMNS} FROM chat_emotes"  # noqa: S608 - fixed names
    ' WHERE channel_id = $1 ORDER BY code_key COLLATE "C"'
)


class PostgresEmotes:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def for_channel(self, channel_id: uuid.UUID) -> list[Emote]:
        return [_emote(r) for r in await self._unit.fetch(_LIST, channel_id)]

    async def locked(self, channel_id: uuid.UUID) -> list[Emote]:
        await self._unit.fetch_for_write(_LOCK, channel_id)
        return [_emote(r) for r in await self._unit.fetch_for_write(_LIST, channel_id)]

    async def get(self, channel_id: uuid.UUID, emote_id: uuid.UUID) -> Emote | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM chat_emotes"  # noqa: S608 - fixed names
            " WHERE id = $1 AND channel_id = $2",
            emote_id,
            channel_id,
        )
        return _emote(row) if row else None

    async def add(self, emote: Emote) -> None:
        await self._unit.execute(
            f"INSERT INTO chat_emotes ({_COLUMNS}, code_key) VALUES ({_VALUES})",  # noqa: S608
            *values(emote),
            emote.code.lower(),  # ASCII only: the same as lower(code), which a check enforces
        )

    async def remove(self, emote_id: uuid.UUID) -> bool:
        status = await self._unit.execute("DELETE FROM chat_emotes WHERE id = $1", emote_id)
        return status != "DELETE 0"
