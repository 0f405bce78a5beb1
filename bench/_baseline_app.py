"""The baseline for ``bench/http_read.py``: a bare Litestar app over a raw asyncpg pool.

``GET /channels/{slug}`` answers what the full stack's ``GET /public/v1/channels/{slug}``
answers (the channel with its owner's id and username, the same JSON shape), with one
``SELECT ... JOIN`` on a pooled connection: no dependency injection, no SQLAlchemy, no
middleware, no transaction, no OpenAPI security/auth dependency.

Configured from the same variables as the full stack: ``STREAMZ_DATABASE_URL`` (the
``+asyncpg`` driver suffix is dropped) and ``STREAMZ_DB_POOL_SIZE`` (pool of exactly that many
connections). Run it with ``uvicorn bench._baseline_app:create_app --factory`` or
``granian --interface asgi --factory bench._baseline_app:create_app``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg
import msgspec
from litestar import Litestar, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException

QUERY = """
SELECT c.id, c.slug, c.display_name, c.bio, c.is_live, c.followers_count, c.created_at,
       a.id AS owner_id, a.username AS owner_username
FROM channels AS c JOIN accounts AS a ON a.id = c.account_id
WHERE c.slug = $1
"""


class OwnerRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    username: str


class ChannelOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    display_name: str
    bio: str
    is_live: bool
    followers_count: int
    created_at: datetime
    owner: OwnerRef


def dsn_from_env() -> str:
    url = os.environ.get("STREAMZ_DATABASE_URL", "")
    if not url:
        raise RuntimeError("STREAMZ_DATABASE_URL is not set")
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def pool_size_from_env() -> int:
    return int(os.environ.get("STREAMZ_DB_POOL_SIZE", "10"))


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/channels/{slug:str}")
async def get_channel(slug: str, state: State) -> ChannelOut:
    pool: asyncpg.Pool = state.pool
    row = await pool.fetchrow(QUERY, slug.strip().lower())
    if row is None:
        raise NotFoundException(f"no channel {slug!r}")
    return ChannelOut(
        id=row["id"],
        slug=row["slug"],
        display_name=row["display_name"],
        bio=row["bio"],
        is_live=row["is_live"],
        followers_count=row["followers_count"],
        created_at=row["created_at"],
        owner=OwnerRef(row["owner_id"], row["owner_username"]),
    )


def create_app() -> Litestar:
    dsn, size = dsn_from_env(), pool_size_from_env()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(dsn, min_size=size, max_size=size)
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    return Litestar(route_handlers=[health, get_channel], lifespan=[lifespan], debug=False)
