"""Badges over HTTP: helpers to upload, grant roles and mint tokens; a moto S3 server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest

from tests.fakes.s3 import FakeS3
from tests.integration.conftest import Client, User
from tests.unit.media.images import png

PREFIX = {"public": "/public/v1", "private": "/private/v1", "admin": "/admin/v1"}


@pytest.fixture(scope="session")
def s3() -> Iterator[FakeS3]:
    fake = FakeS3().start()
    yield fake
    fake.stop()


async def upload(
    client: Client,
    tier: str,
    months: Any = 1,
    *,
    channel: str = "alice",
    image: bytes | None = None,
    content_type: str = "image/png",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return await client.post(
        f"{PREFIX[tier]}/channels/{channel}/badges",
        data={"months": str(months)},
        files={"image": ("badge.png", png(32) if image is None else image, content_type)},
        headers=headers or {},
    )


async def remove(
    client: Client, tier: str, months: int, headers: dict[str, str], channel: str = "alice"
) -> httpx.Response:
    return await client.delete(
        f"{PREFIX[tier]}/channels/{channel}/badges/{months}", headers=headers
    )


async def grant_moderator(
    db: asyncpg.Connection, channel: str, user: User, *permissions: str
) -> None:
    channel_id = await db.fetchval("SELECT id FROM channels WHERE slug = $1", channel)
    await db.execute(
        "INSERT INTO channel_roles (id, channel_id, account_id, role, permissions, created_at)"
        " VALUES ($1, $2, $3, 'moderator', $4, $5)",
        uuid.uuid4(),
        channel_id,
        uuid.UUID(user.account_id),
        list(permissions),
        datetime.now(UTC),
    )
