"""Search benchmark: queries through our HTTP API against the same queries sent straight to
Typesense, bulk reindex against a direct import of the same documents, and freshness lag.

    uv run python bench/search.py                     # the issue's sizes (~2-4 minutes)
    uv run python bench/search.py --channels 10000 --livestreams 1000 --seconds 3

Starts ephemeral local PostgreSQL/Redis/Typesense, migrates and bulk-loads ``--channels``
accounts+channels, ``--categories`` categories and ``--livestreams`` live streams with
server-side ``generate_series``. Then:

1. reindex: ``ReindexSearch`` (Postgres scan → new collection → alias swap) docs/s, against
   importing the very same documents (already in memory, same batch size) into a scratch
   collection with plain httpx (target ratio >= 0.8);
2. search: ``GET /public/v1/search?q=`` (all three types, one multi_search) through
   ``streamzctl serve`` against the same ``/multi_search`` bodies sent directly, both with
   ``--concurrency`` connections for ``--seconds`` (req/s and p95; targets >= 0.8x, <= 2x);
3. freshness: ``--fresh`` account registrations through the use case (outbox → relay → SAQ
   job → Typesense) with the worker running; time until each channel is searchable (p50/p99).

Exits 1 if a request fails.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import _summary
import asyncpg
import httpx
import msgspec
from http_read import BIN, HOST, Server, local_services, server_env

from streamz.adapters.typesense.index import TypesenseSearchIndex, to_wire
from streamz.adapters.typesense.schemas import schema
from streamz.container import make_container
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.core.search.entities import Document, Kind, SearchQuery
from streamz.core.search.reindex import ReindexSearch, ReindexSearchRequest
from streamz.entrypoints import migrations
from streamz.entrypoints.worker.main import build_worker
from streamz.ports.search import SearchSource
from streamz.settings import Settings

WORDS = [
    "alpha",
    "bravo",
    "gamer",
    "speed",
    "chess",
    "craft",
    "pixel",
    "night",
    "shadow",
    "storm",
    "wolf",
    "dragon",
    "retro",
    "ninja",
    "cozy",
    "chill",
    "pro",
    "daily",
    "music",
    "art",
    "cook",
    "code",
]
GAMES = [
    "Chess",
    "Minecraft",
    "Fortnite",
    "Valorant",
    "Dota",
    "League",
    "Tetris",
    "Zelda",
    "Mario",
    "Halo",
]
QUERIES = [*WORDS, "gam", "spee", "drgon", "chss", "minecr", "pixl", "nigt", "cozy chill"]


@dataclass(frozen=True)
class Options:
    channels: int
    livestreams: int
    categories: int
    seconds: float
    concurrency: int
    fresh: int
    batch: int
    summary_json: str | None = None


def parse(argv: Sequence[str] | None) -> Options:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--channels", type=int, default=100_000)
    p.add_argument("--livestreams", type=int, default=10_000)
    p.add_argument("--categories", type=int, default=500)
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--fresh", type=int, default=100)
    p.add_argument("--batch", type=int, default=2000)
    _summary.add_option(p)
    a = p.parse_args(argv)
    return Options(
        a.channels,
        a.livestreams,
        a.categories,
        a.seconds,
        a.concurrency,
        a.fresh,
        a.batch,
        a.summary_json,
    )


def _words_sql(column: str, count: int) -> str:
    array = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    parts = [
        f"({array})[1 + (abs(hashtext({column}::text || '{i}')) % {len(WORDS)})]"
        for i in range(count)
    ]
    return " || ' ' || ".join(parts)


async def load(dsn: str, opts: Options) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "INSERT INTO accounts (id, identity_id, username, email, role, created_at, updated_at)"
            " SELECT gen_random_uuid(), 'id' || g, 'user' || g, 'user' || g || '@x.dev', 'user',"
            " now(), now() FROM generate_series(1, $1) g",
            opts.channels,
        )
        await conn.execute(
            "INSERT INTO channels (id, account_id, slug, display_name, bio, is_live,"  # noqa: S608 - bench constants
            " followers_count, created_at, updated_at)"
            f" SELECT gen_random_uuid(), a.id, {_words_sql('a.username', 1)} || '_' || a.username,"
            f" initcap({_words_sql('a.username', 2)}), {_words_sql('a.email', 6)}, false,"
            " (1000000 / (1 + abs(hashtext(a.username)) % 5000)), now(), now() FROM accounts a"
        )
        names = "ARRAY[" + ",".join(f"'{g}'" for g in GAMES) + "]"
        await conn.execute(
            "INSERT INTO categories (id, name, slug, aliases, followers_count, created_at,"  # noqa: S608 - bench constants
            f" updated_at) SELECT gen_random_uuid(), ({names})[1 + g % {len(GAMES)}] || ' ' || g,"
            " 'cat-' || g, ARRAY['c' || g], g * 10, now(), now() FROM generate_series(1, $1) g",
            opts.categories,
        )
        await conn.execute(
            "WITH c AS (SELECT id, row_number() OVER () AS n FROM channels LIMIT $1),"  # noqa: S608 - bench constants
            " k AS (SELECT id, row_number() OVER () AS n FROM categories)"
            " INSERT INTO livestreams (id, channel_id, livepeer_stream_id, title, category_id,"
            " tags, language, started_at, viewers)"
            f" SELECT gen_random_uuid(), c.id, 'ls', {_words_sql('c.id', 4)}, k.id,"
            " ARRAY['tag' || (c.n % 20)], (ARRAY['en','fr','de','es'])[1 + c.n % 4],"
            " now(), (100000 / (1 + c.n % 3000))"
            f" FROM c JOIN k ON k.n = 1 + c.n % {max(opts.categories, 1)}",
            opts.livestreams,
        )
        await conn.execute(
            "UPDATE channels SET is_live = true WHERE id IN"
            " (SELECT channel_id FROM livestreams WHERE ended_at IS NULL)"
        )
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def reindex(settings: Settings, opts: Options) -> dict[str, float]:
    container = make_container(settings)
    try:
        async with container() as scope:
            use_case = await scope.get(ReindexSearch)
            source = await scope.get(SearchSource)
            started = time.perf_counter()
            done = await use_case(ReindexSearchRequest(Principal.system(), batch=opts.batch))
            ours = time.perf_counter() - started
            total = sum(r.documents for r in done)
            documents: list[tuple[Kind, list[Document]]] = []
            for kind in Kind:
                docs: list[Document] = []
                after = None
                while batch := await source.scan(kind, after, opts.batch):
                    docs.extend(batch)
                    after = batch[-1].id
                documents.append((kind, docs))
    finally:
        await container.close()
    # the baseline: the same documents (already read and encoded) imported with plain httpx
    headers = {"X-TYPESENSE-API-KEY": settings.search.api_key or ""}
    bodies = []
    for kind, docs in documents:
        for start in range(0, len(docs), opts.batch):
            chunk = docs[start : start + opts.batch]
            body = b"\n".join(msgspec.json.encode(to_wire(d)) for d in chunk)
            bodies.append((kind, body))
    async with httpx.AsyncClient(
        base_url=settings.search.url or "", headers=headers, timeout=120
    ) as http:
        for kind in Kind:
            await http.post("/collections", json=schema(kind, f"direct_{kind.value}"))
        started = time.perf_counter()
        for kind, body in bodies:
            r = await http.post(
                f"/collections/direct_{kind.value}/documents/import",
                params={"action": "upsert"},
                content=body,
            )
            r.raise_for_status()
        direct = time.perf_counter() - started
    return {"documents": total, "ours_docs_s": total / ours, "direct_docs_s": total / direct}


async def closed_loop(
    op: Callable[[], Awaitable[bool]], concurrency: int, seconds: float
) -> tuple[float, float, int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            t = time.perf_counter()
            ok = await op()
            latencies.append(time.perf_counter() - t)
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95)] if latencies else float("nan")
    return len(latencies) / elapsed, p95 * 1000, errors


async def searches(settings: Settings, port: int, opts: Options) -> dict[str, float]:
    rng = random.Random(7)
    index = TypesenseSearchIndex(None, None, settings.search.prefix)  # type: ignore[arg-type]
    headers = {"X-TYPESENSE-API-KEY": settings.search.api_key or ""}
    limits = httpx.Limits(
        max_connections=opts.concurrency, max_keepalive_connections=opts.concurrency
    )
    async with (
        httpx.AsyncClient(base_url=f"http://{HOST}:{port}", limits=limits, timeout=10) as api,
        httpx.AsyncClient(
            base_url=settings.search.url or "", headers=headers, limits=limits, timeout=10
        ) as ts,
    ):

        async def ours() -> bool:
            r = await api.get("/public/v1/search", params={"q": rng.choice(QUERIES), "limit": 10})
            return r.status_code == 200

        async def direct() -> bool:
            q = rng.choice(QUERIES)
            body = {"searches": [index._params(SearchQuery(k, q, per_page=10)) for k in Kind]}
            r = await ts.post("/multi_search", json=body)
            return r.status_code == 200

        await closed_loop(direct, opts.concurrency, 1.0)  # warm up both
        await closed_loop(ours, opts.concurrency, 1.0)
        d_rps, d_p95, d_err = await closed_loop(direct, opts.concurrency, opts.seconds)
        o_rps, o_p95, o_err = await closed_loop(ours, opts.concurrency, opts.seconds)
    return {
        "ours_rps": o_rps,
        "ours_p95_ms": o_p95,
        "ours_errors": o_err,
        "direct_rps": d_rps,
        "direct_p95_ms": d_p95,
        "direct_errors": d_err,
    }


async def freshness(settings: Settings, opts: Options) -> list[float]:
    container = make_container(settings)
    worker = build_worker(settings.redis.url or "", container, relay=True)
    worker.SIGNALS = []
    worker._shutdown_grace_period_s = 1
    task = asyncio.create_task(worker.start())
    headers = {"X-TYPESENSE-API-KEY": settings.search.api_key or ""}
    lags: list[float] = []
    try:
        async with httpx.AsyncClient(base_url=settings.search.url or "", headers=headers) as ts:
            for n in range(opts.fresh):
                name = f"fresh{uuid.uuid4().hex[:10]}"
                async with container() as scope:
                    use_case = await scope.get(RegisterAccount)
                    started = time.perf_counter()
                    await use_case(
                        RegisterAccountRequest(
                            Principal.system(), str(uuid.uuid4()), name, f"{name}@x.dev"
                        )
                    )
                while True:
                    r = await ts.get(
                        f"/collections/{settings.search.prefix}_channels/documents/search",
                        params={
                            "q": name,
                            "query_by": "username",
                            "filter_by": f"username:={name}",
                        },
                    )
                    if r.json().get("found"):
                        break
                    if time.perf_counter() - started > 30:
                        raise RuntimeError(f"{name} not searchable after 30 s ({n})")
                    await asyncio.sleep(0.005)
                lags.append(time.perf_counter() - started)
    finally:
        await worker.stop()
        await asyncio.gather(task, return_exceptions=True)
        await worker.queue.disconnect()
        await container.close()
    return lags


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    tmp.chmod(0o755)  # PostgreSQL runs unprivileged and must reach its data dir
    with local_services(tmp) as (_, urls):
        migrations.upgrade(urls.database_url)
        settings = Settings(data_dir=tmp / "data").with_services(
            urls.database_url, urls.redis_url, urls.typesense_url, urls.typesense_api_key
        )
        settings = replace(settings, log=replace(settings.log, level="WARNING"))
        dsn = urls.database_url.replace("+asyncpg", "")
        t = time.perf_counter()
        asyncio.run(load(dsn, opts))
        print(
            f"loaded {opts.channels} channels, {opts.categories} categories, "
            f"{opts.livestreams} live streams in {time.perf_counter() - t:.1f} s",
            flush=True,
        )
        r = asyncio.run(reindex(settings, opts))
        ratio = r["ours_docs_s"] / r["direct_docs_s"]
        print(
            f"reindex: {r['documents']:.0f} docs; ours {r['ours_docs_s']:.0f} docs/s "
            f"(Postgres scan + import + alias swap), direct import {r['direct_docs_s']:.0f} "
            f"docs/s; ratio {ratio:.2f} (target >= 0.8)",
            flush=True,
        )
        env = server_env(urls, tmp / "data", "granian", 10)
        server = Server("full stack", [str(BIN / "streamzctl"), "serve"], env, tmp / "serve.log")
        server.start()
        try:
            server.wait_ready()
            s = asyncio.run(searches(settings, server.port, opts))
        finally:
            server.stop()
        print(
            f"search (all 3 types, one multi_search, c={opts.concurrency}): ours "
            f"{s['ours_rps']:.0f} req/s p95 {s['ours_p95_ms']:.1f} ms; direct "
            f"{s['direct_rps']:.0f} req/s p95 {s['direct_p95_ms']:.1f} ms; throughput ratio "
            f"{s['ours_rps'] / s['direct_rps']:.2f} (>= 0.8), p95 ratio "
            f"{s['ours_p95_ms'] / s['direct_p95_ms']:.2f} (<= 2)",
            flush=True,
        )
        lags = asyncio.run(freshness(settings, opts))
        lags.sort()
        p99 = lags[min(len(lags) - 1, int(len(lags) * 0.99))]
        print(
            f"freshness ({len(lags)} registrations → searchable): p50 "
            f"{statistics.median(lags) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms (target <= 2000)"
        )
        _summary.write(
            opts.summary_json,
            {f"reindex.{k}": v for k, v in r.items()}
            | {f"search.{k}": v for k, v in s.items()}
            | {"fresh.p50_ms": statistics.median(lags) * 1000, "fresh.p99_ms": p99 * 1000},
        )
        return 1 if s["ours_errors"] or s["direct_errors"] else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
