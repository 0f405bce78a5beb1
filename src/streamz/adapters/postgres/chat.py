"""Chatroom settings and rules on PostgreSQL (``chatroom_settings``, one row per chatroom)."""

from __future__ import annotations

import uuid

import asyncpg

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.chat.entities import ChatroomConfig, ChatSettings

_SETTINGS = (
    "slow_mode_seconds",
    "followers_only",
    "subscribers_only",
    "emote_only",
    "unique_chat",
    "min_account_age_minutes",
    "verified_email_required",
    "non_moderator_delay_seconds",
    "links_allowed",
    "rate_limit_messages",
    "moderator_rate_limit_messages",
    "rate_limit_window_seconds",
)
_COLUMNS = ", ".join(("chatroom_id", *_SETTINGS, "rules", "updated_at"))
_VALUES = ", ".join(f"${n}" for n in range(1, len(_SETTINGS) + 4))
_UPDATE = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*_SETTINGS, "rules", "updated_at"))
# Writers of one chatroom queue on its row. NO KEY UPDATE: inserts that reference the chatroom
# (FOR KEY SHARE) are not blocked.
_LOCK = "SELECT id FROM chatrooms WHERE id = $1 FOR NO KEY UPDATE"


def _config(r: asyncpg.Record) -> ChatroomConfig:
    settings = ChatSettings(**{name: r[name] for name in _SETTINGS})
    return ChatroomConfig(r["chatroom_id"], settings, tuple(r["rules"]), r["updated_at"])


class PostgresChatroomSettings:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def get(self, chatroom_id: uuid.UUID, *, lock: bool = False) -> ChatroomConfig | None:
        sql = f"SELECT {_COLUMNS} FROM chatroom_settings WHERE chatroom_id = $1"  # noqa: S608
        if lock:
            await self._unit.fetch_for_write(_LOCK, chatroom_id)
            rows = await self._unit.fetch_for_write(sql, chatroom_id)
            return _config(rows[0]) if rows else None
        row = await self._unit.fetchrow(sql, chatroom_id)
        return _config(row) if row else None

    async def save(self, config: ChatroomConfig) -> None:
        s = config.settings
        await self._unit.execute(
            f"INSERT INTO chatroom_settings ({_COLUMNS}) VALUES ({_VALUES})"  # noqa: S608
            f" ON CONFLICT (chatroom_id) DO UPDATE SET {_UPDATE}",
            config.chatroom_id,
            *(getattr(s, name) for name in _SETTINGS),
            list(config.rules),
            config.updated_at,
        )
