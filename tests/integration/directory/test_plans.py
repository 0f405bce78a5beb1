"""The listings' SQL (as the Postgres adapter builds it) reads the partial indexes of
migration 0015: EXPLAIN on a table where most livestreams have ended."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from streamz.adapters.postgres.directory import candidates_sql, live_sql
from streamz.core.live.directory.entities import (
    CandidatePool,
    Keyset,
    ListingFilters,
    ListingSort,
    SortKey,
)
from tests.integration.conftest import Client

CHANNELS = 300
LIVE = 200
ENDED = 6000
VIEWERS = ListingSort(SortKey.VIEWERS)
STARTED = ListingSort(SortKey.STARTED_AT)


@pytest.fixture
async def arranged(client: Client, db: asyncpg.Connection) -> dict[str, Any]:
    """Channels, 20 categories, LIVE live and ENDED ended livestreams, follows; analysed."""
    await db.execute(
        "INSERT INTO accounts (id, identity_id, username, email, role, created_at, updated_at)"
        " SELECT gen_random_uuid(), 'id-' || g, 'user_' || g, 'u' || g || '@example.com',"
        " 'user', now(), now() FROM generate_series(1, $1) g",
        CHANNELS,
    )
    await db.execute(
        "INSERT INTO channels (id, account_id, slug, display_name, created_at, updated_at)"
        " SELECT gen_random_uuid(), id, username, username, now(), now() FROM accounts"
    )
    await db.execute(
        "INSERT INTO categories (id, name, slug, created_at, updated_at)"
        " SELECT gen_random_uuid(), 'C' || g, 'c' || g, now(), now()"
        " FROM generate_series(1, 20) g"
    )
    insert = (
        "INSERT INTO livestreams (id, channel_id, livepeer_stream_id, category_id, language,"
        " started_at, ended_at, viewers)"
        " SELECT gen_random_uuid(), c.id, 'lp', k.id, 'en',"
        " now() - make_interval(mins => g), {ended}, (g * 7919) % 5000"
        " FROM generate_series(1, $1) g"
        " JOIN LATERAL (SELECT id FROM channels ORDER BY id OFFSET (g % $2) LIMIT 1) c ON true"
        " JOIN LATERAL (SELECT id FROM categories ORDER BY id OFFSET (g % 20) LIMIT 1) k ON true"
    )
    await db.execute(insert.format(ended="NULL"), LIVE, LIVE)
    await db.execute(insert.format(ended="now()"), ENDED, CHANNELS)
    await db.execute(
        "INSERT INTO channel_follows (id, account_id, channel_id, followed_at)"
        " SELECT gen_random_uuid(), a.id, c.id, now() FROM accounts a"
        " JOIN LATERAL (SELECT id FROM channels ORDER BY md5(a.id::text || id::text) LIMIT 10) c"
        " ON true"
    )
    await db.execute("ANALYZE")
    return {
        "category": await db.fetchval("SELECT id FROM categories LIMIT 1"),
        "account": await db.fetchval("SELECT id FROM accounts LIMIT 1"),
        "channel": await db.fetchval("SELECT channel_id FROM livestreams LIMIT 1"),
    }


async def plan(db: asyncpg.Connection, sql: str, args: list[Any]) -> str:
    rows = await db.fetch(f"EXPLAIN {sql}", *args)
    return "\n".join(r[0] for r in rows)


async def test_listings_read_the_partial_indexes(
    db: asyncpg.Connection, arranged: dict[str, Any]
) -> None:
    now = datetime.now(UTC)
    after_viewers = Keyset(2500, uuid.uuid4())
    after_start = Keyset(now - timedelta(minutes=50), uuid.uuid4())
    cases = [
        (live_sql(ListingFilters(), VIEWERS, after=None, limit=21), "ix_livestreams_live_viewers"),
        (
            live_sql(ListingFilters(), VIEWERS, after=after_viewers, limit=21),
            "ix_livestreams_live_viewers",
        ),
        (
            live_sql(ListingFilters(language="en"), STARTED, after=after_start, limit=21),
            "ix_livestreams_live_started_at",
        ),
        (
            live_sql(
                ListingFilters(category_id=arranged["category"]),
                VIEWERS,
                after=after_viewers,
                limit=21,
            ),
            "ix_livestreams_live_category_viewers",
        ),
        (
            live_sql(ListingFilters(), VIEWERS, after=None, limit=21, follower=arranged["account"]),
            "livestreams_",
        ),
    ]
    for (sql, args), index in cases:
        text = await plan(db, sql, args)
        assert index in text, text
        assert "Seq Scan on livestreams" not in text, text
    # the recommender's candidates: on a table this small the planner may rather hash whole
    # tables; with sequential scans discouraged, every read must have an index to use
    await db.execute("SET enable_seqscan = off")
    pool = CandidatePool(new_since=now - timedelta(days=90))
    for viewer in (arranged["account"], None):
        sql, args = candidates_sql(viewer, ListingFilters(tags=("x",)), pool)
        text = await plan(db, sql, args)
        assert "Seq Scan" not in text, text
