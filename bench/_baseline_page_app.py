"""The baseline for ``bench/channel_page.py``: a bare Litestar app over a raw asyncpg pool.

``GET /channels/{slug}/page`` runs the same single query the full stack's Postgres adapter
runs (channel + owner + panels, links and badges as jsonb + role counts) and returns the row as
JSON (Postgres builds the nested arrays): same data, no dependency injection, no auth, no rate
limit, no domain objects, no middleware.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from litestar import Litestar, Response, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException

from streamz.adapters.postgres.channel_page import BY_SLUG


async def _init(connection: asyncpg.Connection[asyncpg.Record]) -> None:
    await connection.set_type_codec(
        "jsonb", encoder=json.dumps, decoder=lambda v: v, schema="pg_catalog"
    )


def create_app() -> Litestar:
    dsn = os.environ["STREAMZ_DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://", 1)
    size = int(os.environ.get("STREAMZ_DB_POOL_SIZE", "10"))

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(dsn, min_size=size, max_size=size, init=_init)
        try:
            yield
        finally:
            await app.state.pool.close()

    @get("/channels/{slug:str}/page")
    async def page(slug: str, state: State) -> Response[bytes]:
        row = await state.pool.fetchrow(BY_SLUG, slug)
        if row is None:
            raise NotFoundException
        body: dict[str, Any] = {
            "channel": {k: str(row[k]) for k in ("id", "slug", "display_name", "username")},
            "followers_count": row["followers_count"],
            "roles": {"moderators": row["moderators"], "vips": row["vips"], "ogs": row["ogs"]},
        }
        # the three jsonb arrays arrive as JSON text: splice them in without decoding
        text = json.dumps(body, separators=(",", ":"))[:-1]
        text += f',"panels":{row["panels"]},"links":{row["links"]},"badges":{row["badges"]}}}'
        return Response(text.encode(), media_type="application/json")

    @get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar([page, health], lifespan=[lifespan], debug=False, logging_config=None)
