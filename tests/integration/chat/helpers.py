"""Arrangements for the chat HTTP tests: what was written, the chatroom of a user."""

from __future__ import annotations

import uuid

import asyncpg

from tests.integration.conftest import User

PROBLEM = "https://streamz.dev/problems/"
TIERS = ("/public/v1", "/private/v1", "/admin/v1")
WRITE_TIERS = ("/private/v1", "/admin/v1")


async def chatroom_id(db: asyncpg.Connection, user: User) -> uuid.UUID:
    value = await db.fetchval(
        "SELECT r.id FROM chatrooms r JOIN channels c ON c.id = r.channel_id"
        " WHERE c.account_id = $1",
        uuid.UUID(user.account_id),
    )
    assert isinstance(value, uuid.UUID)
    return value


async def written(db: asyncpg.Connection) -> tuple[int, int, int]:
    """Rows of chatroom settings, audit entries and outbox events."""
    counts = []
    for table in ("chatroom_settings", "channel_audit_log", "outbox"):
        value = await db.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608 - test helper
        counts.append(int(value))
    return counts[0], counts[1], counts[2]
