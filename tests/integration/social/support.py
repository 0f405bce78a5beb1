"""Helpers of the social integration tests."""

from __future__ import annotations

import json

import asyncpg

from tests.integration.conftest import Client, User, make_staff

PROBLEM = "https://streamz.dev/problems/"


async def create_category(
    client: Client, db: asyncpg.Connection, staff: User, name: str, **fields: object
) -> dict[str, object]:
    await make_staff(db, staff)
    response = await client.post(
        "/admin/v1/categories", json={"name": name, **fields}, headers=staff.auth
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def followers(db: asyncpg.Connection, table: str, slug: str) -> int:
    value = await db.fetchval(f"SELECT followers_count FROM {table} WHERE slug = $1", slug)  # noqa: S608
    assert isinstance(value, int)
    return value


async def topics(db: asyncpg.Connection) -> list[str]:
    return [r["topic"] for r in await db.fetch("SELECT topic FROM outbox ORDER BY id")]


async def payloads(db: asyncpg.Connection, topic: str) -> list[dict[str, object]]:
    rows = await db.fetch("SELECT payload FROM outbox WHERE topic = $1 ORDER BY id", topic)
    return [json.loads(r["payload"]) for r in rows]
