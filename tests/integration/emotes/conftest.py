"""Emotes over HTTP: paths, uploads, what was written and stored; a moto S3 server."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from streamz.settings import Settings
from tests.fakes.s3 import FakeS3
from tests.integration.conftest import Client
from tests.unit.media.images import png

PROBLEM = "https://streamz.dev/problems/"
TIERS = ("/public/v1", "/private/v1", "/admin/v1")


@pytest.fixture(scope="session")
def s3() -> Iterator[FakeS3]:
    fake = FakeS3(bucket="streamz-emotes").start()
    yield fake
    fake.stop()


def path(tier: str, channel: str = "alice") -> str:
    return f"{tier}/channels/{channel}/chatroom/emotes"


async def upload(
    client: Client,
    tier: str,
    code: str = "Kappa",
    *,
    channel: str = "alice",
    image: bytes | None = None,
    content_type: str = "image/png",
    subscriber_only: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    data = {"code": code}
    if subscriber_only is not None:
        data["subscriber_only"] = subscriber_only
    return await client.post(
        path(tier, channel),
        data=data,
        files={"image": ("emote.png", png(32) if image is None else image, content_type)},
        headers=headers or {},
    )


async def written(db: asyncpg.Connection) -> tuple[int, int, int]:
    """Rows of emotes, audit entries and outbox events: to check nothing was written."""
    counts = []
    for table in ("chat_emotes", "channel_audit_log", "outbox"):
        value = await db.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608 - test helper
        counts.append(int(value))
    return counts[0], counts[1], counts[2]


async def channel_id(db: asyncpg.Connection, slug: str = "alice") -> uuid.UUID:
    value = await db.fetchval("SELECT id FROM channels WHERE slug = $1", slug)
    assert isinstance(value, uuid.UUID)
    return value


async def media_files(
    settings: Settings, db: asyncpg.Connection, slug: str = "alice"
) -> list[Path]:
    """The stored emote images of a channel (the media dir outlives each test's database, but
    every test registers new channels, with new ids)."""
    folder = settings.media_dir / "emotes" / str(await channel_id(db, slug))
    return sorted(p for p in folder.rglob("*") if p.is_file())


async def events(db: asyncpg.Connection) -> list[dict[str, Any]]:
    rows = await db.fetch(
        "SELECT payload FROM outbox WHERE topic = 'chatroom.emotes_updated' ORDER BY id"
    )
    return [
        r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in rows
    ]


async def add_fillers(db: asyncpg.Connection, slug: str, n: int) -> None:
    """``n`` emote rows straight into the table (no images), to reach the limit quickly."""
    await db.executemany(
        "INSERT INTO chat_emotes (id, channel_id, code, code_key, image_key, content_type,"
        " width, height, subscriber_only, created_at)"
        " VALUES (gen_random_uuid(), $1, $2, $3, $4, 'image/png', 32, 32, false, now())",
        [
            (await channel_id(db, slug), f"filler{i}", f"filler{i}", f"emotes/x/f{i}.png")
            for i in range(n)
        ],
    )
