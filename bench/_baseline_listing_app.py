"""The bare-HTTP baseline for ``bench/directory.py``: a bare Litestar app over a raw asyncpg pool.

``GET <any listing path>`` looks the request's path and query up in the benchmark's targets
(``BENCH_TARGETS``: a pickle of ``{path_and_query: (sql, args)}`` written by the benchmark), runs
that same SQL with the same arguments as the full stack's Postgres adapter would, and returns
the rows as JSON (``{"data": [...]}``): no dependency injection, no auth (a session's bearer
token is ignored), no rate limit, no domain objects, no middleware.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
from litestar import Litestar, Request, Response, get
from litestar.exceptions import NotFoundException


def create_app() -> Litestar:
    dsn = os.environ["STREAMZ_DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://", 1)
    size = int(os.environ.get("STREAMZ_DB_POOL_SIZE", "10"))
    raw = Path(os.environ["BENCH_TARGETS"]).read_bytes()
    targets: dict[str, tuple[str, list[Any]]] = pickle.loads(raw)  # noqa: S301 - the bench's own file
    pools: dict[str, asyncpg.Pool[asyncpg.Record]] = {}
    encode = msgspec.json.Encoder().encode

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        pools["db"] = await asyncpg.create_pool(dsn, min_size=size, max_size=size)
        try:
            yield
        finally:
            await pools["db"].close()

    @get("/{path:path}")
    async def listing(request: Request[Any, Any, Any], path: str) -> Response[bytes]:
        query = request.scope["query_string"].decode()
        path = path if path.startswith("/") else f"/{path}"
        found = targets.get(f"{path}?{query}" if query else path)
        if found is None:
            raise NotFoundException
        sql, args = found
        rows = await pools["db"].fetch(sql, *args)
        return Response(encode({"data": [dict(r) for r in rows]}), media_type="application/json")

    @get("/health", name="health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar(route_handlers=[health, listing], lifespan=[lifespan], debug=False)
