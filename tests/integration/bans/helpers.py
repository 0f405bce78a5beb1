"""Arrangements for the ban tests: paths, what was written, outbox payloads."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

PROBLEM = "https://streamz.dev/problems/"
TIERS = ("/public/v1", "/private/v1", "/admin/v1")


def path(tier: str, channel: str = "alice", user: str | None = None) -> str:
    base = f"{tier}/channels/{channel}/chatroom/bans"
    return base if user is None else f"{base}/{user}"


async def written(db: asyncpg.Connection) -> tuple[int, int, int]:
    """Rows of bans (open and ended), audit entries and outbox events."""
    counts = []
    for table in ("chat_bans", "channel_audit_log", "outbox"):
        value = await db.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608 - test helper
        counts.append(int(value))
    return counts[0], counts[1], counts[2]


async def open_bans(db: asyncpg.Connection) -> int:
    return int(await db.fetchval("SELECT count(*) FROM chat_bans WHERE ended_at IS NULL"))


async def payloads(db: asyncpg.Connection, topic: str) -> list[dict[str, Any]]:
    rows = await db.fetch("SELECT payload FROM outbox WHERE topic = $1 ORDER BY id", topic)
    return [
        r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in rows
    ]
