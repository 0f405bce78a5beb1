"""Search integration tests: the session's Typesense, with collections under their own prefix
(dropped before each test), and helpers that write rows and index them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest

from streamz.container import make_container
from streamz.core.identity.entities import Principal
from streamz.core.search.reconcile import ReconcileSearch, ReconcileSearchRequest
from streamz.settings import Settings
from tests.integration.conftest import Client, own_client

PREFIX = "itest"


@pytest.fixture(scope="session")
def settings(settings: Settings) -> Settings:
    """The suite's settings with this package's collection prefix."""
    return replace(settings, search=replace(settings.search, prefix=PREFIX))


def drop_collections(url: str, key: str, prefix: str = PREFIX) -> None:
    headers = {"X-TYPESENSE-API-KEY": key}
    with httpx.Client(base_url=url, headers=headers, timeout=10) as http:
        for alias in http.get("/aliases").json().get("aliases", []):
            if alias["name"].startswith(prefix + "_"):
                http.delete(f"/aliases/{alias['name']}")
        for collection in http.get("/collections").json():
            if collection["name"].startswith(prefix + "_"):
                http.delete(f"/collections/{collection['name']}")


@pytest.fixture
async def client(settings: Settings, clean: None) -> AsyncIterator[Client]:
    """An app of the test's own: the app counts trending searches in the process and writes
    them to Redis each second, so an app shared with the previous test would add its counts."""
    async with own_client(settings) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def fresh_index(settings: Settings) -> None:
    drop_collections(settings.search.url or "", settings.search.api_key or "")


async def reconcile(settings: Settings) -> None:
    """Index what Postgres holds now (the reconcile job, in this process)."""
    container = make_container(settings)
    try:
        async with container() as scope:
            use_case = await scope.get(ReconcileSearch)
            await use_case(ReconcileSearchRequest(Principal.system()))
    finally:
        await container.close()


async def add_category(db: asyncpg.Connection, name: str, aliases: list[str] | None = None) -> str:
    category_id = uuid.uuid4()
    now = datetime.now(UTC)
    await db.execute(
        "INSERT INTO categories (id, name, slug, aliases, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $5)",
        category_id,
        name,
        name.lower().replace(" ", "-"),
        aliases or [],
        now,
    )
    return str(category_id)


async def channel_id(db: asyncpg.Connection, slug: str) -> str:
    return str(await db.fetchval("SELECT id FROM channels WHERE slug = $1", slug))


async def go_live(
    db: asyncpg.Connection,
    slug: str,
    title: str,
    *,
    category_id: str | None = None,
    tags: list[str] | None = None,
    language: str = "en",
    viewers: int = 0,
) -> str:
    channel = uuid.UUID(await channel_id(db, slug))
    await db.execute(
        "INSERT INTO livestreams (id, channel_id, livepeer_stream_id, title, category_id, tags,"
        " language, started_at, viewers) VALUES ($1, $2, 'ls', $3, $4, $5, $6, now(), $7)",
        uuid.uuid4(),
        channel,
        title,
        uuid.UUID(category_id) if category_id else None,
        tags or [],
        language,
        viewers,
    )
    await db.execute("UPDATE channels SET is_live = true WHERE id = $1", channel)
    return str(channel)


async def go_offline(db: asyncpg.Connection, slug: str) -> None:
    channel = uuid.UUID(await channel_id(db, slug))
    await db.execute(
        "UPDATE livestreams SET ended_at = now() WHERE channel_id = $1 AND ended_at IS NULL",
        channel,
    )
    await db.execute("UPDATE channels SET is_live = false WHERE id = $1", channel)


def names(body: dict[str, Any], field: str = "username") -> list[str]:
    return [hit[field] for hit in body["data"]]
