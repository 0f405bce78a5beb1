"""Arrangements for the content HTTP tests: moderators, API tokens, what was written."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg

from tests.integration.conftest import Client, User

PROBLEM = "https://streamz.dev/problems/"
TIERS = ("/public/v1", "/private/v1", "/admin/v1")


async def channel_id(db: asyncpg.Connection, user: User) -> uuid.UUID:
    value = await db.fetchval(
        "SELECT id FROM channels WHERE account_id = $1", uuid.UUID(user.account_id)
    )
    assert isinstance(value, uuid.UUID)
    return value


async def make_moderator(
    db: asyncpg.Connection, owner: User, moderator: User, permissions: list[str]
) -> None:
    await db.execute(
        "INSERT INTO channel_roles (id, channel_id, account_id, role, permissions, created_at)"
        " VALUES ($1, $2, $3, 'moderator', $4, $5)",
        uuid.uuid4(),
        await channel_id(db, owner),
        uuid.UUID(moderator.account_id),
        permissions,
        datetime.now(UTC),
    )


async def api_token(client: Client, user: User, *scopes: str) -> dict[str, str]:
    response = await client.post(
        "/private/v1/me/tokens", json={"name": "bot", "scopes": list(scopes)}, headers=user.auth
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['secret']}"}


async def written(db: asyncpg.Connection) -> tuple[int, int, int, int]:
    """Rows of panels, links, audit entries and outbox events: to check nothing was written."""
    counts = []
    for table in ("channel_panels", "channel_social_links", "channel_audit_log", "outbox"):
        value = await db.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608 - test helper
        counts.append(int(value))
    return counts[0], counts[1], counts[2], counts[3]
