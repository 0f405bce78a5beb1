"""Directory benchmark: the livestream listings through the full HTTP stack at scale, against
the same SQL on a raw asyncpg pool, with the plans PostgreSQL picks.

    uv run python bench/directory.py                       # the issue's sizes (~3-4 minutes)
    uv run python bench/directory.py --channels 10000 --live 1000 --categories 100 --seconds 3

Starts ephemeral local PostgreSQL/Redis/Typesense, migrates, then bulk-loads with server-side
``INSERT ... SELECT generate_series`` (every index of the migrations in place, foreign-key
triggers skipped: every id comes from a join with its table): ``--channels`` accounts and their
channels (UUIDv7 ids, created over the last two years), ``--categories`` categories, about
``--channels`` x ``--follows`` channel follows with a power-law popularity (so ~1M by default;
``channels.followers_count`` set to match), ``--category-follows`` followed categories per
account, ``--live`` live streams on distinct channels (skewed over categories, power-law
viewers, mixed languages, tags and mature flags) and ``--ended`` ended ones; then
``VACUUM (ANALYZE)``.

Four scenarios, each over ``--targets`` random targets:

- directory: ``GET /public/v1/livestreams``, first pages and deep keyset pages (random live row
  as the cursor), by viewers or start time, some filtered by language;
- category: ``GET /public/v1/categories/{slug}/livestreams`` of categories with live streams;
- followed: ``GET /private/v1/me/following/livestreams`` as users following live channels
  (session JWTs signed with the server's local issuer key);
- recommended: ``GET /private/v1/livestreams/recommended`` as random users with follows.

For each it prints ``EXPLAIN (ANALYZE, BUFFERS)`` of the adapter's own SQL (``live_sql`` /
``candidates_sql``) for one target, then measures ``streamzctl serve`` (1 worker) with
``--concurrency`` keep-alive connections (req/s, p50, p99), and for the first three the same
SQL with the same arguments two ways: from ``--concurrency`` tasks on a raw asyncpg pool of the
same size in this process, no HTTP (the ratio full/raw; the bare app below reaches only ~0.45 of
it, so no HTTP server could meet 0.5 there), and served by a bare HTTP app
(``bench/_baseline_listing_app.py``: Litestar + a raw asyncpg pool, rows as JSON, no auth or
DI) under the same load generator: the ratio full/bare, target >= 0.5, the baseline that
``http_read.py`` and ``channel_page.py`` use too. Exits 1 if a request fails or a listing plan reads
``livestreams`` sequentially, 2 if the setup fails, 130 on Ctrl-C/SIGTERM.
"""

from __future__ import annotations

import argparse
import math
import pickle
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeAlias
from urllib.parse import urlencode

import _summary
import asyncpg
import httpx
from _chat_load import Bench, Op, Source, closed_loop, figures, http_load, run_bench
from http_read import BIN, HOST, Load, Server, checkpoint, run_interruptible, server_env

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz.adapters.postgres.directory import candidates_sql, live_sql
from streamz.core.live.directory.entities import (
    CandidatePool,
    Keyset,
    ListingFilters,
    ListingSort,
    SortKey,
)
from streamz.core.live.directory.ranking import NEW_CREATOR_DAYS
from streamz.core.shared.pages import encode_cursor
from streamz.settings import LOCAL_AUDIENCE, LOCAL_ISSUER

Connection: TypeAlias = "asyncpg.Connection[asyncpg.Record]"
LIMIT = 20  # the page size asked for; the use cases fetch LIMIT + 1 rows
TARGET_RATIO = 0.5

# ---------------------------------------------------------------------------- bulk load

# UUIDv7 with the timestamp ``ms`` and md5(salt) as the random part (version/variant set)
_FUNCTIONS = """
CREATE FUNCTION pg_temp.uuid7(ms bigint, salt bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT encode(set_bit(set_bit(set_bit(set_bit(set_bit(set_bit(
    overlay(decode(md5(salt::text), 'hex') PLACING substring(int8send(ms) FROM 3)
            FROM 1 FOR 6),
    52, 1), 53, 1), 54, 1), 55, 0), 70, 0), 71, 1), 'hex')::uuid
$$;
CREATE FUNCTION pg_temp.unit(salt bigint) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT (hashint8(salt) & 2147483647) / 2147483648.0
$$;
"""
# $1 channels, $2 first ms, $3 ms between two channels
_USERS = """
CREATE TEMP TABLE bench_users AS
SELECT g AS idx, pg_temp.uuid7($2::bigint + g * $3::bigint, g) AS account_id,
       pg_temp.uuid7($2::bigint + g * $3::bigint, g + 1000000000) AS channel_id,
       to_timestamp(($2::bigint + g * $3::bigint) / 1000.0) AS created_at
FROM generate_series(0, $1 - 1) g
"""
_ACCOUNTS = """
INSERT INTO accounts (id, identity_id, username, email, role, created_at, updated_at)
SELECT account_id, 'id-' || idx, 'user_' || idx, 'u' || idx || '@example.com', 'user',
       created_at, created_at FROM bench_users;
INSERT INTO channels (id, account_id, slug, display_name, created_at, updated_at)
SELECT channel_id, account_id, 'user_' || idx, 'User ' || idx, created_at, created_at
FROM bench_users;
ALTER TABLE bench_users ADD PRIMARY KEY (idx);
"""
_CATEGORIES = """
CREATE TEMP TABLE bench_categories AS
SELECT g AS idx, pg_temp.uuid7($2::bigint, g + 2000000000) AS id FROM generate_series(0, $1 - 1) g
"""
_CATEGORY_ROWS = """
ALTER TABLE bench_categories ADD PRIMARY KEY (idx);
INSERT INTO categories (id, name, slug, created_at, updated_at)
SELECT id, 'Category ' || idx, 'category-' || idx, now(), now() FROM bench_categories;
"""
# accounts [$1, $2) follow $3 channels each of $4, popular ones much more (u^2.5)
_FOLLOWS = """
INSERT INTO channel_follows (id, account_id, channel_id, followed_at)
SELECT gen_random_uuid(), u.account_id, c.channel_id, now() - make_interval(mins => k)
FROM generate_series($1::bigint, $2::bigint - 1) AS g(i)
CROSS JOIN generate_series(0, $3 - 1) AS k
JOIN bench_users u ON u.idx = g.i
JOIN bench_users c ON c.idx = floor($4 * power(pg_temp.unit(g.i * 64 + k), 2.5))::int
WHERE c.idx <> u.idx
ON CONFLICT DO NOTHING
"""
# every account follows $1 categories of $2 (skewed)
_CATEGORY_FOLLOWS = """
INSERT INTO category_follows (id, account_id, category_id, followed_at)
SELECT gen_random_uuid(), u.account_id, c.id, now()
FROM bench_users u CROSS JOIN generate_series(0, $1 - 1) AS k
JOIN bench_categories c
  ON c.idx = floor($2 * power(pg_temp.unit(u.idx * 16 + k + 7), 2))::int
ON CONFLICT DO NOTHING
"""
_COUNTS = """
UPDATE channels c SET followers_count = f.n
FROM (SELECT channel_id, count(*) AS n FROM channel_follows GROUP BY channel_id) f
WHERE c.id = f.channel_id;
UPDATE categories k SET followers_count = f.n
FROM (SELECT category_id, count(*) AS n FROM category_follows GROUP BY category_id) f
WHERE k.id = f.category_id;
"""
_TAGS = [
    "fps", "speedrun", "chill", "competitive", "rpg", "retro", "indie", "music", "art",
    "coding", "esports", "horror", "strategy", "mmo", "moba", "survival", "sandbox", "racing",
    "sports", "cooking", "irl", "talk-show", "science", "education", "asmr", "vtuber",
    "first-playthrough", "no-commentary", "co-op", "pvp",
]  # fmt: skip
_LANGUAGES = ["en", "en", "en", "en", "en-GB", "es", "pt-BR", "de", "fr", "ja"]
# $1 live streams on channels (g * $2 + 17) mod $3 (distinct), $4 categories, $5 tag pool,
# $6 languages, $7 now ms
_LIVE = """
INSERT INTO livestreams (id, channel_id, livepeer_stream_id, title, category_id, tags, language,
                         mature, started_at, viewers, peak_viewers)
SELECT pg_temp.uuid7(s.ms, g + 3000000000), u.channel_id, 'lp-' || u.idx, 'Live ' || g, k.id,
       ARRAY(SELECT DISTINCT ($5::text[])[1 + (hashint8(g * 8 + t) & 2147483647) % 30]
             FROM generate_series(1, (hashint8(g) & 2147483647) % 4) t),
       ($6::text[])[1 + (hashint8(g + 11) & 2147483647) % 10],
       (hashint8(g + 13) & 2147483647) % 10 = 0,
       to_timestamp(s.ms / 1000.0), v.n, v.n
FROM generate_series(0, $1 - 1) g
JOIN bench_users u ON u.idx = (g * $2 + 17) % $3
JOIN bench_categories k ON k.idx = floor($4 * power(pg_temp.unit(g + 5), 1.8))::int
CROSS JOIN LATERAL (SELECT $7::bigint - (hashint8(g + 3) & 2147483647) % (8 * 3600 * 1000) AS ms) s
CROSS JOIN LATERAL (SELECT floor(20000 * power(pg_temp.unit(g + 9), 8))::int AS n) v
"""
# $1 ended streams on random channels of $2, $3 categories, $4 now ms
_ENDED = """
INSERT INTO livestreams (id, channel_id, livepeer_stream_id, title, category_id, language,
                         started_at, ended_at, viewers, peak_viewers)
SELECT pg_temp.uuid7(s.ms, g + 4000000000), u.channel_id, 'lp-' || u.idx, 'Past ' || g, k.id,
       'en', to_timestamp(s.ms / 1000.0), to_timestamp(s.ms / 1000.0) + interval '2 hours',
       0, (hashint8(g) & 2147483647) % 500
FROM generate_series(0, $1 - 1) g
JOIN bench_users u ON u.idx = (hashint8(g + 21) & 2147483647) % $2
JOIN bench_categories k ON k.idx = (hashint8(g + 23) & 2147483647) % $3
CROSS JOIN LATERAL (
    SELECT $4::bigint - 86400000::bigint
           - (hashint8(g + 25) & 2147483647) % (60 * 86400000::bigint) AS ms
) s
"""


@dataclass(frozen=True)
class Loaded:
    seconds: float
    vacuum_seconds: float
    counts: dict[str, int]


def _stride(channels: int) -> int:
    """A step coprime with ``channels``, so ``g * step mod channels`` never repeats."""
    step = 9973
    while math.gcd(step, channels) != 1:
        step += 2
    return step


async def bulk_load(dsn: str, opts: Options) -> Loaded:
    connection: Connection = await asyncpg.connect(dsn)
    started = time.perf_counter()

    def progress(what: str) -> None:
        print(f"  {what:<40} {time.perf_counter() - started:7.1f} s", flush=True)

    try:
        await connection.execute(_FUNCTIONS)
        await connection.execute("SET session_replication_role = replica")  # no FK triggers
        now_ms = int(time.time() * 1000)
        span = 2 * 365 * 86_400_000
        first, step = now_ms - span, span // opts.channels
        await connection.execute(_USERS, opts.channels, first, step)
        await connection.execute(_ACCOUNTS)
        progress(f"{opts.channels:,} accounts and channels")
        await connection.execute(_CATEGORIES, opts.categories, now_ms)
        await connection.execute(_CATEGORY_ROWS)
        progress(f"{opts.categories:,} categories")
        batch = max(1, 200_000 // max(1, opts.follows))
        for low in range(0, opts.channels, batch):
            checkpoint()
            high = min(opts.channels, low + batch)
            await connection.execute(_FOLLOWS, low, high, opts.follows, opts.channels)
        progress("channel follows")
        if opts.category_follows:
            await connection.execute(_CATEGORY_FOLLOWS, opts.category_follows, opts.categories)
            progress("category follows")
        await connection.execute(_COUNTS)
        live_args = (_TAGS, _LANGUAGES, now_ms)
        await connection.execute(
            _LIVE, opts.live, _stride(opts.channels), opts.channels, opts.categories, *live_args
        )
        await connection.execute(
            "UPDATE channels SET is_live = true"
            " WHERE id IN (SELECT channel_id FROM livestreams WHERE ended_at IS NULL)"
        )
        progress(f"{opts.live:,} live streams")
        if opts.ended:
            await connection.execute(_ENDED, opts.ended, opts.channels, opts.categories, now_ms)
            progress(f"{opts.ended:,} ended streams")
        loaded = time.perf_counter() - started
        await connection.execute(
            "VACUUM (ANALYZE) accounts, channels, categories, channel_follows, category_follows,"
            " livestreams"
        )
        vacuumed = time.perf_counter() - started - loaded
        counts = {}
        for table in ("channels", "categories", "channel_follows", "category_follows"):
            counts[table] = int(await connection.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608
        counts["live"] = int(
            await connection.fetchval("SELECT count(*) FROM livestreams WHERE ended_at IS NULL")
        )
        counts["ended"] = int(
            await connection.fetchval("SELECT count(*) FROM livestreams WHERE ended_at IS NOT NULL")
        )
    finally:
        await connection.close()
    return Loaded(loaded, vacuumed, counts)


# ---------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """One request: its HTTP path, the session token it needs, and the adapter's SQL."""

    path: str
    sql: str
    args: list[Any]
    token: str | None = None


@dataclass
class Scenario:
    name: str
    targets: list[Target]
    baseline: bool  # measured against raw asyncpg too
    plan_checked: bool  # a Seq Scan on livestreams in its plan fails the run
    plans: list[str] = field(default_factory=list)


def _page_path(base: str, params: dict[str, Any]) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{base}?{query}" if query else base


async def targets(dsn: str, opts: Options, issuer: LocalIssuer) -> list[Scenario]:
    rng = random.Random(11)
    connection: Connection = await asyncpg.connect(dsn)
    try:
        live = await connection.fetch(
            "SELECT l.id, l.viewers, l.started_at, k.id AS category_id, k.slug"
            " FROM livestreams l JOIN categories k ON k.id = l.category_id"
            " WHERE l.ended_at IS NULL"
        )
        followers = await connection.fetch(
            "SELECT DISTINCT a.id, a.identity_id FROM channel_follows f"
            " JOIN livestreams l ON l.channel_id = f.channel_id AND l.ended_at IS NULL"
            " JOIN accounts a ON a.id = f.account_id LIMIT $1",
            opts.targets,
        )
        users = await connection.fetch(
            "SELECT a.id, a.identity_id FROM accounts a TABLESAMPLE BERNOULLI (10) REPEATABLE (3)"
            " WHERE EXISTS (SELECT 1 FROM channel_follows f WHERE f.account_id = a.id)"
            " LIMIT $1",
            opts.targets,
        )
    finally:
        await connection.close()
    if not live or not followers or not users:
        raise RuntimeError("the load left no live streams or followers: raise the sizes")
    tokens = {r["identity_id"]: issuer.issue(r["identity_id"], ttl_seconds=3600) for r in users}
    tokens |= {
        r["identity_id"]: issuer.issue(r["identity_id"], ttl_seconds=3600) for r in followers
    }
    directory, category, followed, recommended = [], [], [], []
    for _ in range(opts.targets):
        row = rng.choice(live)
        sort = ListingSort(rng.choice(SortKey.ALL))
        value = row["viewers"] if sort.key == SortKey.VIEWERS else row["started_at"]
        deep = rng.random() < 0.5
        after = Keyset(value, row["id"]) if deep else None
        language = "en" if rng.random() < 0.2 else None
        sql, args = live_sql(ListingFilters(language=language), sort, after=after, limit=LIMIT + 1)
        cursor = None
        if after is not None:
            text = value.isoformat() if isinstance(value, datetime) else str(value)
            cursor = encode_cursor([sort.key, "desc", text, str(row["id"])])
        params = {"sort": sort.key, "language": language, "limit": LIMIT, "after": cursor}
        directory.append(Target(_page_path("/public/v1/livestreams", params), sql, args))

        row = rng.choice(live)
        sql, args = live_sql(
            ListingFilters(category_id=row["category_id"]),
            ListingSort(),
            after=None,
            limit=LIMIT + 1,
        )
        path = _page_path(f"/public/v1/categories/{row['slug']}/livestreams", {"limit": LIMIT})
        category.append(Target(path, sql, args))

        user = rng.choice(followers)
        sql, args = live_sql(
            ListingFilters(), ListingSort(), after=None, limit=LIMIT + 1, follower=user["id"]
        )
        path = _page_path("/private/v1/me/following/livestreams", {"limit": LIMIT})
        followed.append(Target(path, sql, args, tokens[user["identity_id"]]))

        user = rng.choice(users)
        pool = CandidatePool(new_since=datetime.now(UTC) - timedelta(days=NEW_CREATOR_DAYS))
        sql, args = candidates_sql(user["id"], ListingFilters(), pool)
        path = _page_path("/private/v1/livestreams/recommended", {"limit": LIMIT})
        recommended.append(Target(path, sql, args, tokens[user["identity_id"]]))
    return [
        Scenario("directory", directory, baseline=True, plan_checked=True),
        Scenario("category", category, baseline=True, plan_checked=True),
        Scenario("followed", followed, baseline=True, plan_checked=True),
        Scenario("recommended", recommended, baseline=False, plan_checked=False),
    ]


# ---------------------------------------------------------------------------- plans


async def explain(dsn: str, scenario: Scenario) -> None:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of a first page and, for the directory, a deep page too."""
    picks = [next((t for t in scenario.targets if "after=" not in t.path), scenario.targets[0])]
    if scenario.name == "directory":
        picks += [t for t in scenario.targets if "after=" in t.path][:1]
    connection: Connection = await asyncpg.connect(dsn)
    try:
        for target in picks:
            rows = await connection.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {target.sql}", *target.args)
            scenario.plans.append("\n".join([target.path, *(r[0] for r in rows)]))
    finally:
        await connection.close()


def seq_scan(plan: str) -> bool:
    return "Seq Scan on livestreams" in plan


# ---------------------------------------------------------------------------- load


def _request(port: int, target: Target) -> bytes:
    auth = f"Authorization: Bearer {target.token}\r\n" if target.token else ""
    return f"GET {target.path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n{auth}\r\n".encode()


def measure_http(
    server: Server, scenario: Scenario, opts: Options, rng: random.Random, pg: int | None
) -> Load:
    requests = [_request(server.port, t) for t in scenario.targets]
    first = scenario.targets[0]
    headers = {"Authorization": f"Bearer {first.token}"} if first.token else {}
    answer = httpx.get(f"http://{HOST}:{server.port}{first.path}", headers=headers, timeout=30)
    if answer.status_code != 200:
        raise RuntimeError(f"{scenario.name}: GET {first.path}: {answer.status_code} {answer.text}")
    marker = b'"data":['

    def source(requests: list[bytes] = requests, gen: random.Random = rng) -> tuple[bytes, bytes]:
        return gen.choice(requests), marker

    sources: list[Source] = [source] * opts.concurrency
    return http_load(
        server.port,
        sources,
        expect=200,
        warmup=opts.warmup,
        seconds=opts.seconds,
        server_pid=server.pid,
        postgres_pid=pg,
    )


def measure_raw(dsn: str, scenario: Scenario, opts: Options, pg: int | None) -> Load:
    """The same SQL and arguments from ``--concurrency`` tasks on a raw asyncpg pool."""
    state: dict[str, asyncpg.Pool[asyncpg.Record]] = {}
    rng = random.Random(13)

    async def start() -> Sequence[Op]:
        pool = await asyncpg.create_pool(dsn, min_size=opts.pool_size, max_size=opts.pool_size)
        state["pool"] = pool

        async def op() -> str | None:
            target = rng.choice(scenario.targets)
            await pool.fetch(target.sql, *target.args)
            return None

        return [op] * opts.concurrency

    async def stop() -> None:
        await state["pool"].close()

    return closed_loop(start, stop, warmup=opts.warmup, seconds=opts.seconds, postgres_pid=pg)


# ---------------------------------------------------------------------------- main


@dataclass(frozen=True)
class Options:
    channels: int
    live: int
    ended: int
    categories: int
    follows: int
    category_follows: int
    seconds: float
    warmup: float
    concurrency: int
    targets: int
    pool_size: int
    server: str
    only: frozenset[str]
    summary_json: str | None = None


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add = parser.add_argument
    add("--channels", type=int, default=100_000, help="accounts, each with its channel")
    add("--live", type=int, default=10_000, help="live streams (distinct channels)")
    add("--ended", type=int, default=50_000, help="ended streams (history)")
    add("--categories", type=int, default=500, help="categories")
    add("--follows", type=int, default=10, help="channel follows per account (~1M by default)")
    add("--category-follows", type=int, default=2, help="followed categories per account")
    add("--seconds", type=float, default=5.0, help="measured seconds per scenario and side")
    add("--warmup", type=float, default=1.0, help="unmeasured seconds first")
    add("--concurrency", type=int, default=8, help="keep-alive connections / raw asyncpg tasks")
    add("--targets", type=int, default=500, help="random targets per scenario")
    add("--pool-size", type=int, default=10, help="DB pool, both sides")
    add("--server", choices=("granian", "uvicorn"), default="granian")
    add("--only", default="", help="comma-separated scenarios to measure (default: all four)")
    _summary.add_option(parser)
    ns = parser.parse_args(argv)
    if min(ns.channels, ns.live, ns.categories, ns.concurrency, ns.targets, ns.pool_size) < 1:
        parser.error("sizes must be positive")
    if ns.live > ns.channels:
        parser.error("--live must be at most --channels (one live stream per channel)")
    if min(ns.ended, ns.follows, ns.category_follows) < 0 or ns.seconds <= 0:
        parser.error("--ended, --follows, --category-follows >= 0 and --seconds > 0")
    return Options(
        ns.channels,
        ns.live,
        ns.ended,
        ns.categories,
        ns.follows,
        ns.category_follows,
        ns.seconds,
        ns.warmup,
        ns.concurrency,
        ns.targets,
        ns.pool_size,
        ns.server,
        frozenset(n.strip() for n in ns.only.split(",") if n.strip()),
        ns.summary_json,
    )


Measured: TypeAlias = "dict[str, tuple[Load, Load | None]]"


def bare_server(bench: Bench, opts: Options, scenarios: list[Scenario]) -> Server:
    """``bench/_baseline_listing_app.py`` with every baseline scenario's targets."""
    table = {t.path: (t.sql, t.args) for s in scenarios if s.baseline for t in s.targets}
    path = bench.tmp / "targets.pickle"
    path.write_bytes(pickle.dumps(table))
    env = server_env(bench.urls, bench.tmp / "data", opts.server, opts.pool_size)
    env["BENCH_TARGETS"] = str(path)
    port, target = env["BENCH_PORT"], "bench._baseline_listing_app:create_app"
    if opts.server == "uvicorn":
        argv = [str(BIN / "uvicorn"), target, "--factory", "--host", HOST, "--port", port]
        argv += ["--workers", "1", "--log-level", "warning", "--no-access-log"]
    else:
        argv = [str(BIN / "granian"), "--interface", "asgi", "--factory", "--host", HOST]
        argv += ["--port", port, "--workers", "1", "--log-level", "warning", target]
    return Server(f"{opts.server} bare", argv, env, bench.tmp / "bare.log")


def run(bench: Bench, opts: Options) -> tuple[Loaded, list[Scenario], Measured, dict[str, Load]]:
    print(
        f"loading {opts.channels:,} channels, {opts.categories:,} categories, ~"
        f"{opts.channels * opts.follows:,} follows, {opts.live:,} live + {opts.ended:,} ended "
        "streams ...",
        flush=True,
    )
    loaded = run_interruptible(bulk_load(bench.dsn, opts), None)
    c = loaded.counts
    print(
        f"loaded in {loaded.seconds:.1f} s + VACUUM (ANALYZE) {loaded.vacuum_seconds:.1f} s: "
        f"{c['channels']:,} channels, {c['categories']:,} categories, "
        f"{c['channel_follows']:,} channel follows, {c['category_follows']:,} category follows, "
        f"{c['live']:,} live and {c['ended']:,} ended streams",
        flush=True,
    )
    env = server_env(bench.urls, bench.tmp / "data", opts.server, opts.pool_size)
    server = Server(
        f"{opts.server} full stack",  # see bare_server for the baseline
        [str(BIN / "streamzctl"), "serve"],
        env,
        bench.tmp / "server.log",
    )
    # the server verifies session JWTs with the key in its data dir, which we sign with
    issuer = LocalIssuer(
        bench.tmp / "data" / "jwt-signing-key.pem", issuer=LOCAL_ISSUER, audience=LOCAL_AUDIENCE
    )
    scenarios = run_interruptible(targets(bench.dsn, opts, issuer), None)
    if opts.only:
        scenarios = [s for s in scenarios if s.name in opts.only]
    for scenario in scenarios:
        run_interruptible(explain(bench.dsn, scenario), None)
        for plan in scenario.plans:
            print(f"\n--- {scenario.name}: EXPLAIN (ANALYZE, BUFFERS) of the adapter's SQL")
            print("\n".join("    " + line for line in plan.splitlines()), flush=True)
    measured: Measured = {}
    bare_measured: dict[str, Load] = {}
    rng = random.Random(5)
    bare = bare_server(bench, opts, scenarios)
    server.start()
    bare.start()
    try:
        server.wait_ready()
        bare.wait_ready()
        print(
            f"\nGET through {opts.server} (1 worker, DB pool {opts.pool_size}): "
            f"{opts.concurrency} keep-alive connections, {opts.warmup:g} s warm-up + "
            f"{opts.seconds:g} s per scenario; raw asyncpg: the same SQL and arguments from "
            f"{opts.concurrency} tasks on a pool of {opts.pool_size}",
            flush=True,
        )
        for scenario in scenarios:
            checkpoint()
            full = measure_http(server, scenario, opts, rng, bench.postgres_pid)
            print(figures(scenario.name, full, "req"), flush=True)
            if full.error_count:
                print(f"    first errors: {full.error_samples[:3]}\n{server.tail()}")
            raw = None
            if scenario.baseline:
                raw = measure_raw(bench.dsn, scenario, opts, bench.postgres_pid)
                print(figures(f"{scenario.name} (raw)", raw, "query"), flush=True)
                base = measure_http(bare, scenario, opts, rng, bench.postgres_pid)
                print(figures(f"{scenario.name} (bare)", base, "req"), flush=True)
                bare_measured[scenario.name] = base
            measured[scenario.name] = (full, raw)
    finally:
        server.stop()
        bare.stop()
    return loaded, scenarios, measured, bare_measured


def report(
    opts: Options, scenarios: list[Scenario], measured: Measured, bare: dict[str, Load]
) -> int:
    print(
        f"\n{'scenario':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'raw q/s':>8} "
        f"{'raw p99':>8} {'ratio':>6} {'bare/s':>8} {'/bare':>6} {'errors':>7}"
    )
    ok = True
    for name, (full, raw) in measured.items():
        ratio = f"{full.rps / raw.rps:6.2f}" if raw and raw.rps else f"{'-':>6}"
        raw_rps = f"{raw.rps:8,.0f}" if raw else f"{'-':>8}"
        raw_p99 = f"{raw.percentile(99):8.2f}" if raw else f"{'-':>8}"
        base = bare.get(name)
        base_rps = f"{base.rps:8,.0f}" if base else f"{'-':>8}"
        to_bare = f"{full.rps / base.rps:6.2f}" if base and base.rps else f"{'-':>6}"
        print(
            f"{name:<12} {full.rps:8,.0f} {full.percentile(50):8.2f} {full.percentile(99):8.2f} "
            f"{raw_rps} {raw_p99} {ratio} {base_rps} {to_bare} {full.error_count:>7}"
        )
        ok &= full.error_count == 0 and (base is None or base.error_count == 0)

    def short(ratios: dict[str, float]) -> str:
        return ", ".join(f"{n} {v:.2f}" for n, v in ratios.items())

    in_process = {n: f.rps / r.rps for n, (f, r) in measured.items() if r and r.rps}
    served = {n: measured[n][0].rps / b.rps for n, b in bare.items() if b.rps}
    bare_share = {n: b.rps / r.rps for n, b in bare.items() if (r := measured[n][1]) and r.rps}
    print(
        f"ratio = full stack req/s / the raw asyncpg loop in this process (no HTTP): "
        f"{short(in_process)}; the bare HTTP app itself reaches {short(bare_share)} of it"
    )
    below = [n for n, v in served.items() if v < TARGET_RATIO]
    print(
        "/bare = full stack req/s / the same SQL on raw asyncpg served by a bare Litestar app "
        f"(the baseline of http_read.py and channel_page.py), target >= {TARGET_RATIO}: "
        + (f"below target: {', '.join(below)}" if below else "every ratio meets the target")
    )
    bad_plans = [s.name for s in scenarios if s.plan_checked and any(map(seq_scan, s.plans))]
    if bad_plans:
        print(f"FAILED: a Seq Scan on livestreams in the plans of {', '.join(bad_plans)}")
    else:
        print("plans: every listing reads livestreams through an index")
    if not ok:
        print("\nFAILED: some requests failed", file=sys.stderr)
    key_figures: dict[str, float] = {"ok": int(ok), "index_plans": int(not bad_plans)}
    for name, (full, raw) in measured.items():
        key_figures |= _summary.load_figures(f"{name}.full", full)
        if raw:
            key_figures[f"{name}.raw.rps"] = raw.rps
        if base := bare.get(name):
            key_figures |= _summary.load_figures(f"{name}.base", base)
    _summary.write(opts.summary_json, key_figures)
    return 0 if ok and not bad_plans else 1


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)

    def body(bench: Bench) -> Callable[[], int]:
        _, scenarios, measured, bare = run(bench, opts)
        return lambda: report(opts, scenarios, measured, bare)

    return run_bench("directory", body)


if __name__ == "__main__":
    sys.exit(main())
