"""Arrangements for the content HTTP tests: moderators, API tokens, what was written."""

from __future__ import annotations

import uuid

import asyncpg

from tests.integration.conftest import User

PROBLEM = "https://streamz.dev/problems/"
TIERS = ("/public/v1", "/private/v1", "/admin/v1")


async def channel_id(db: asyncpg.Connection, user: User) -> uuid.UUID:
    value = await db.fetchval(
        "SELECT id FROM channels WHERE account_id = $1", uuid.UUID(user.account_id)
    )
    assert isinstance(value, uuid.UUID)
    return value


async def written(db: asyncpg.Connection) -> tuple[int, int, int, int]:
    """Rows of panels, links, audit entries and outbox events: to check nothing was written."""
    counts = []
    for table in ("channel_panels", "channel_social_links", "channel_audit_log", "outbox"):
        value = await db.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608 - test helper
        counts.append(int(value))
    return counts[0], counts[1], counts[2], counts[3]
