"""Rows arranged directly in the database for the directory tests (livestreams, categories,
follows, VODs, subscriptions), and what was written."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from streamz.core.shared.ids import new_id

PROBLEM = "https://streamz.dev/problems/"
NOW = datetime.now(UTC).replace(microsecond=0)


async def channel_id(db: asyncpg.Connection, slug: str) -> uuid.UUID:
    value = await db.fetchval("SELECT id FROM channels WHERE slug = $1", slug)
    assert isinstance(value, uuid.UUID)
    return value


async def add_category(db: asyncpg.Connection, slug: str, *, deleted: bool = False) -> uuid.UUID:
    category_id = new_id()
    await db.execute(
        "INSERT INTO categories (id, name, slug, genres, followers_count, live_viewers,"
        " created_at, updated_at, deleted_at) VALUES ($1, $2, $3, '{}', 0, 0, now(), now(), $4)",
        category_id,
        slug.title(),
        slug,
        NOW if deleted else None,
    )
    return category_id


async def add_stream(
    db: asyncpg.Connection,
    slug: str,
    *,
    viewers: int = 0,
    minutes_ago: float = 10,
    category: uuid.UUID | None = None,
    tags: tuple[str, ...] = (),
    language: str = "en",
    mature: bool = False,
    title: str = "",
    ended: bool = False,
) -> uuid.UUID:
    stream_id = new_id()
    started = NOW - timedelta(minutes=minutes_ago)
    await db.execute(
        "INSERT INTO livestreams (id, channel_id, livepeer_stream_id, title, category_id, tags,"
        " language, mature, started_at, ended_at, viewers, peak_viewers)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        stream_id,
        await channel_id(db, slug),
        f"lp-{slug}",
        title or f"{slug} live",
        category,
        list(tags),
        language,
        mature,
        started,
        started + timedelta(minutes=5) if ended else None,
        viewers,
    )
    return stream_id


async def follow(db: asyncpg.Connection, account_id: str, slug: str) -> None:
    await db.execute(
        "INSERT INTO channel_follows (id, account_id, channel_id, followed_at)"
        " VALUES ($1, $2, $3, now())",
        new_id(),
        uuid.UUID(account_id),
        await channel_id(db, slug),
    )


async def follow_category(db: asyncpg.Connection, account_id: str, category: uuid.UUID) -> None:
    await db.execute(
        "INSERT INTO category_follows (id, account_id, category_id, followed_at)"
        " VALUES ($1, $2, $3, now())",
        new_id(),
        uuid.UUID(account_id),
        category,
    )


async def age_channel(db: asyncpg.Connection, slug: str, *, days: int, followers: int) -> None:
    await db.execute(
        "UPDATE channels SET created_at = now() - make_interval(days => $2),"
        " followers_count = $3 WHERE slug = $1",
        slug,
        days,
        followers,
    )


async def add_vod(
    db: asyncpg.Connection, slug: str, visibility: str, *, title: str = "", deleted: bool = False
) -> uuid.UUID:
    vod_id = new_id()
    await db.execute(
        "INSERT INTO vods (id, channel_id, livepeer_asset_id, title, visibility, playback_url,"
        " duration_seconds, created_at, updated_at, deleted_at)"
        " VALUES ($1, $2, $3, $4, $5, 'https://cdn.example/v.m3u8', 60, now(), now(), $6)",
        vod_id,
        await channel_id(db, slug),
        f"asset-{vod_id.hex}",
        title or f"{visibility} vod",
        visibility,
        NOW if deleted else None,
    )
    return vod_id


async def subscribe(db: asyncpg.Connection, account_id: str, slug: str) -> None:
    await db.execute(
        "INSERT INTO channel_subscriptions (id, channel_id, account_id, tier, started_at, months,"
        " ends_at, created_at, updated_at)"
        " VALUES ($1, $2, $3, 1, now(), 1, now() + interval '30 days', now(), now())",
        new_id(),
        await channel_id(db, slug),
        uuid.UUID(account_id),
    )


async def written(db: asyncpg.Connection) -> dict[str, Any]:
    """What a write could leave: stream info, livestream and VOD rows, audit entries, events."""
    return {
        "stream_info": [dict(r) for r in await db.fetch("SELECT * FROM stream_info")],
        "livestreams": [dict(r) for r in await db.fetch("SELECT * FROM livestreams ORDER BY id")],
        "vods": [dict(r) for r in await db.fetch("SELECT * FROM vods ORDER BY id")],
        "audit": await db.fetchval("SELECT count(*) FROM channel_audit_log"),
        "outbox": await db.fetchval("SELECT count(*) FROM outbox"),
    }


async def events(db: asyncpg.Connection, topic: str) -> list[dict[str, Any]]:
    rows = await db.fetch("SELECT payload FROM outbox WHERE topic = $1 ORDER BY id", topic)
    return [
        r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in rows
    ]
