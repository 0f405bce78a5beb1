"""What the IGDB integration tests read back: categories and outbox events."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

PROBLEM = "https://streamz.dev/problems/"
TABLES = ("categories", "outbox")
TOPICS = ("category.created", "category.updated", "category.deleted")


async def written(db: asyncpg.Connection) -> tuple[int, int]:
    """Rows of categories and outbox events: to check that nothing was written."""
    counts = [int(await db.fetchval(f"SELECT count(*) FROM {t}")) for t in TABLES]  # noqa: S608
    return counts[0], counts[1]


async def row(db: asyncpg.Connection, igdb_id: int) -> asyncpg.Record:
    record = await db.fetchrow("SELECT * FROM categories WHERE igdb_id = $1", igdb_id)
    assert record is not None, igdb_id
    return record


async def events(db: asyncpg.Connection) -> list[tuple[str, dict[str, Any]]]:
    """The sync's events (not ``category.followed``), oldest first."""
    rows = await db.fetch(
        "SELECT topic, payload FROM outbox WHERE topic = ANY($1) ORDER BY id", list(TOPICS)
    )
    return [
        (r["topic"], r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]))
        for r in rows
    ]
