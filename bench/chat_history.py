"""Chat history benchmark: the five fetch shapes over a bulk-loaded message table, through the
full HTTP stack, with the plans PostgreSQL picks for the adapter's own SQL.

    uv run python bench/chat_history.py [--messages 1000000] [--seconds 5]
    uv run python bench/chat_history.py --messages 10000000      # the issue's size

Starts ephemeral local PostgreSQL/Redis/Typesense, migrates, registers ``--authors`` accounts
through ``RegisterAccount`` (the channels of the first ``--rooms`` are the rooms), then loads
``--messages`` rows into ``chat_messages`` with server-side ``INSERT ... SELECT
generate_series`` in batches on ``--load-jobs`` connections, every index of the migrations in
place (the foreign-key triggers are skipped, as every chatroom and author id comes from a join
with its table, unless ``--check-foreign-keys``): round-robin over the rooms in time order
(so each room's seqs are 1..n), each room chatted in by ``--regulars`` of the authors, every
``--reply-every``-th message of a room a reply in the thread of the first message of its
``--thread-span`` block, UUIDv7 ids in time order.
``chatroom_sequences`` is set to each room's count, then ``VACUUM (ANALYZE)``.

For each shape it prints ``EXPLAIN (ANALYZE, BUFFERS)`` of the exact SQL the adapter runs
(captured by calling ``PostgresMessages`` with a recording unit, with the arguments the use case
passes to it for an anonymous reader), checks the generic plan too (what a prepared statement
may switch to), then measures ``GET`` through ``streamzctl serve`` (1 worker) over random
targets: req/s, p50, p99. Exits 1 if a request fails or a plan reads chat_messages with a
sequential scan, 2 if the setup fails, 130 on Ctrl-C/SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeAlias, cast
from urllib.parse import quote

import asyncpg
import httpx
from _chat_load import Bench, Source, figures, get_request, http_load, run_bench
from blocked_terms import WORDS  # chat-like words for the message texts
from http_read import (
    BIN,
    HOST,
    Load,
    Server,
    checkpoint,
    run_interruptible,
    seed,
    server_env,
    settings_for,
)

from streamz.adapters.postgres.messages import PostgresMessages
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.shared.pages import encode_cursor
from streamz_dev.localservices import ServiceUrls

Connection: TypeAlias = "asyncpg.Connection[asyncpg.Record]"
LIMIT = 50  # the page size asked for; the use cases fetch LIMIT + 1 rows

# ---------------------------------------------------------------------------- bulk load

# UUIDv7 of row i: 48 bits of (base_ms + i), then md5(i) with the version and variant bits set
_ID_FUNCTION = """
CREATE FUNCTION pg_temp.bench_id(i bigint, base_ms bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT encode(set_bit(set_bit(set_bit(set_bit(set_bit(set_bit(
    overlay(decode(md5(i::text), 'hex') PLACING substring(int8send(base_ms + i) FROM 3)
            FROM 1 FOR 6),
    52, 1), 53, 1), 54, 1), 55, 0), 70, 0), 71, 1), 'hex')::uuid
$$
"""
_SCRATCH = """
CREATE TEMP TABLE bench_rooms (idx int PRIMARY KEY, chatroom_id uuid NOT NULL,
                               channel_id uuid NOT NULL);
CREATE TEMP TABLE bench_authors (idx int PRIMARY KEY, id uuid NOT NULL, author jsonb NOT NULL);
"""
# $1 = usernames of the authors in order; the chat identity as the app stores it (codec.py)
_AUTHORS = """
INSERT INTO bench_authors (idx, id, author)
SELECT n.idx - 1, a.id, jsonb_build_object(
    'account_id', a.id::text, 'username', a.username,
    'colour', '#' || upper(substr(md5(a.id::text), 1, 6)), 'colour_chosen', false,
    'badges', '[]'::jsonb)
FROM unnest($1::text[]) WITH ORDINALITY AS n(username, idx)
JOIN accounts a ON a.username = n.username
"""
_ROOMS = """
INSERT INTO bench_rooms (idx, chatroom_id, channel_id)
SELECT n.idx - 1, r.id, c.id
FROM unnest($1::text[]) WITH ORDINALITY AS n(slug, idx)
JOIN channels c ON c.slug = n.slug JOIN chatrooms r ON r.channel_id = c.id
"""
# rows [$1, $2): $3 rooms, $4 authors, $5 regulars per room, $6 reply every, $7 thread span,
# $8 base ms, $9 words. Row i: room i % rooms, seq i / rooms + 1, created base + i ms.
_BATCH = """
INSERT INTO chat_messages (id, chatroom_id, channel_id, seq, author_id, content, fragments,
                           mentions, reply_to, thread_id, author, created_at, visible_at)
SELECT pg_temp.bench_id(g.i, $8), r.chatroom_id, r.channel_id, g.i / $3 + 1, a.id, t.content,
       jsonb_build_array(jsonb_build_object('kind', 'text', 'text', t.content)), '{}',
       p.root, p.root, a.author, t.at, t.at
FROM generate_series($1::bigint, $2::bigint - 1) AS g(i)
JOIN bench_rooms r ON r.idx = g.i % $3
JOIN bench_authors a
  ON a.idx = ((g.i % $3) * $5 + (hashint8(g.i) & 2147483647) % $5) % $4
CROSS JOIN LATERAL (
    SELECT array_to_string((ARRAY(
               SELECT ($9::text[])[1 + (hashint8(g.i * 16 + k) & 2147483647)
                                   % cardinality($9::text[])]
               FROM generate_series(0, 9) AS k))[1:3 + g.i % 8], ' ') AS content,
           to_timestamp(($8 + g.i) / 1000.0) AS at
) t
CROSS JOIN LATERAL (
    SELECT CASE WHEN (g.i / $3 + 1) % $6 = 0
                THEN pg_temp.bench_id((g.i / $3 / $7) * $7 * $3 + g.i % $3, $8) END AS root
) p
"""
_SEQUENCES = """
INSERT INTO chatroom_sequences AS s (chatroom_id, last_seq)
SELECT chatroom_id, ($1::bigint - 1 - idx) / $2 + 1 FROM bench_rooms WHERE idx < $1
ON CONFLICT (chatroom_id) DO UPDATE SET last_seq = EXCLUDED.last_seq
"""


@dataclass(frozen=True)
class Loaded:
    seconds: float  # the INSERTs
    vacuum_seconds: float  # VACUUM (ANALYZE) after
    rows: int
    table_bytes: int
    index_bytes: int
    total_bytes: int


async def _loader(dsn: str, rooms: list[str], authors: list[str], check_fks: bool) -> Connection:
    """A connection with the row-id function and the scratch tables of rooms and authors."""
    connection: Connection = await asyncpg.connect(dsn)
    await connection.execute(_ID_FUNCTION)
    await connection.execute(_SCRATCH)
    await connection.execute(_AUTHORS, authors)
    await connection.execute(_ROOMS, rooms)
    await connection.execute("ANALYZE bench_rooms; ANALYZE bench_authors")
    if not check_fks:  # skip the FK triggers: every chatroom and author comes from a join
        await connection.execute("SET session_replication_role = replica")
    return connection


async def bulk_load(dsn: str, rooms: list[str], authors: list[str], opts: Options) -> Loaded:
    """``--load-jobs`` connections take the batches in turn; then the counters and VACUUM."""
    loaders: list[Connection] = []
    # the history ends an hour ago: every message is visible to anonymous readers
    base_ms = int(time.time() * 1000) - opts.messages - 3_600_000
    batches = [
        (low, min(opts.messages, low + opts.batch)) for low in range(0, opts.messages, opts.batch)
    ]
    done, started = 0, 0.0

    async def job(connection: Connection) -> None:
        nonlocal done
        while batches:
            low, high = batches.pop(0)
            await connection.execute(
                _BATCH,
                low,
                high,
                len(rooms),
                len(authors),
                opts.regulars,
                opts.reply_every,
                opts.thread_span,
                base_ms,
                WORDS,
            )
            done += high - low
            took = time.perf_counter() - started
            print(f"  {done:>12,} rows  {took:7.1f} s  ({done / took:,.0f} rows/s)", flush=True)

    try:
        for _ in range(opts.load_jobs):
            loaders.append(await _loader(dsn, rooms, authors, opts.check_fks))
        connection, started = loaders[0], time.perf_counter()
        await asyncio.gather(*(job(c) for c in loaders))
        await connection.execute(_SEQUENCES, opts.messages, len(rooms))
        loaded = time.perf_counter() - started
        await connection.execute("VACUUM (ANALYZE) chat_messages")
        await connection.execute("ANALYZE chatroom_sequences")
        vacuumed = time.perf_counter() - started - loaded
        sizes = await connection.fetchrow(
            "SELECT pg_relation_size('chat_messages') AS t,"
            " pg_indexes_size('chat_messages') AS i,"
            " pg_total_relation_size('chat_messages') AS total,"
            " (SELECT count(*) FROM chat_messages) AS n"
        )
        assert sizes is not None
        some = await connection.fetchval("SELECT id FROM chat_messages LIMIT 1")
        if uuid.UUID(str(some)).version != 7:
            raise RuntimeError(f"loaded id {some} is not a UUIDv7")
    finally:
        for c in loaders:
            await c.close()
    return Loaded(loaded, vacuumed, sizes["n"], sizes["t"], sizes["i"], sizes["total"])


# ---------------------------------------------------------------------------- the five shapes


class RecordingUnit(PostgresUnit):
    """Records the SQL and arguments the adapter sends, answers no rows."""

    def __init__(self) -> None:
        super().__init__(cast("asyncpg.Pool[asyncpg.Record]", None))
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        self.calls.append((sql, args))
        return []


@dataclass(frozen=True)
class Sample:
    """One stored message, with what the HTTP paths name it by."""

    slug: str
    chatroom_id: uuid.UUID
    seq: int
    author_id: uuid.UUID
    username: str
    thread_id: uuid.UUID | None


@dataclass(frozen=True)
class Shape:
    name: str
    target: Callable[[Sample], tuple[str, bytes]]  # sample -> (path, marker in a good answer)
    query: Callable[[PostgresMessages, Sample], Awaitable[object]]  # the adapter call


def _room_marker(s: Sample) -> bytes:
    return f'"chatroom_id":"{s.chatroom_id}"'.encode()


def _user_marker(s: Sample) -> bytes:
    return f'"username":"{s.username}"'.encode()


def _room_path(s: Sample) -> str:
    return f"/public/v1/channels/{s.slug}/chatroom"


def _now() -> datetime:
    return datetime.now(UTC)  # what the use cases pass as visible_at for an anonymous reader


SHAPES = (
    Shape(
        "room, latest page",
        lambda s: (f"{_room_path(s)}/messages?limit={LIMIT}", _room_marker(s)),
        lambda m, s: m.in_room(
            s.chatroom_id,
            author_id=None,
            thread_id=None,
            before=None,
            after=None,
            limit=LIMIT + 1,
            visible_at=_now(),
        ),
    ),
    Shape(
        "room, before cursor",
        lambda s: (
            f"{_room_path(s)}/messages?limit={LIMIT}&before={quote(encode_cursor([str(s.seq)]))}",
            _room_marker(s),
        ),
        lambda m, s: m.in_room(
            s.chatroom_id,
            author_id=None,
            thread_id=None,
            before=s.seq,
            after=None,
            limit=LIMIT + 1,
            visible_at=_now(),
        ),
    ),
    Shape(
        "user in room",
        lambda s: (f"{_room_path(s)}/users/{s.username}/messages?limit={LIMIT}", _user_marker(s)),
        lambda m, s: m.in_room(
            s.chatroom_id,
            author_id=s.author_id,
            thread_id=None,
            before=None,
            after=None,
            limit=LIMIT + 1,
            visible_at=_now(),
        ),
    ),
    Shape(
        "user everywhere",
        lambda s: (f"/public/v1/users/{s.username}/messages?limit={LIMIT}", _user_marker(s)),
        lambda m, s: m.by_author(
            s.author_id, before=None, after=None, limit=LIMIT + 1, visible_at=_now()
        ),
    ),
    Shape(
        "thread",
        lambda s: (
            f"{_room_path(s)}/messages/{s.thread_id}/thread?limit={LIMIT}",
            f'"thread_id":"{s.thread_id}"'.encode(),
        ),
        lambda m, s: m.in_room(
            s.chatroom_id,
            author_id=None,
            thread_id=s.thread_id,
            before=None,
            after=None,
            limit=LIMIT + 1,
            visible_at=_now(),
        ),
    ),
)


async def sample(dsn: str, messages: int, count: int) -> list[Sample]:
    """About ``count`` messages picked uniformly (seq > 1: a cursor before it finds some)."""
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(
            "SELECT c.slug, m.chatroom_id, m.seq, m.author_id, a.username, m.thread_id"
            " FROM chat_messages m TABLESAMPLE BERNOULLI ($1) REPEATABLE (7)"
            " JOIN channels c ON c.id = m.channel_id JOIN accounts a ON a.id = m.author_id"
            " WHERE m.seq > 1",
            min(100.0, 100.0 * count / messages),
        )
    finally:
        await connection.close()
    return [Sample(*r) for r in rows]


def is_seq_scan(plan: Sequence[str]) -> bool:
    return any("Seq Scan on chat_messages" in line for line in plan)


async def explain(dsn: str, shape: Shape, target: Sample) -> tuple[list[str], list[str]]:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of the adapter's SQL for ``target``: the plan for these
    values (what the first executions of a prepared statement get), and the generic plan."""
    unit = RecordingUnit()
    await shape.query(PostgresMessages(unit), target)
    ((sql, args),) = unit.calls
    connection = await asyncpg.connect(dsn)
    try:
        custom = await connection.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", *args)
        await connection.execute(f"PREPARE bench_shape AS {sql}")
        await connection.execute("SET plan_cache_mode = force_generic_plan")
        values = ", ".join(_literal(a) for a in args)
        generic = await connection.fetch(
            f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_shape({values})"
        )
    finally:
        await connection.close()
    return [sql, "", *(r[0] for r in custom)], [r[0] for r in generic]


def _literal(value: object) -> str:
    """A typed SQL literal of an argument the adapter passes (ids, times, numbers)."""
    if isinstance(value, uuid.UUID):
        return f"'{value}'::uuid"
    if isinstance(value, datetime):
        return f"'{value.isoformat()}'::timestamptz"
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"no literal for {value!r}")


def scans(plan: Sequence[str]) -> str:
    """The scan nodes of a plan, in one line."""
    nodes = [
        line.strip().removeprefix("->").strip().split("  (")[0]
        for line in plan
        if "Scan" in line and " on " in line
    ]
    return "; ".join(nodes)


# ---------------------------------------------------------------------------- main


@dataclass(frozen=True)
class Options:
    messages: int
    rooms: int
    authors: int
    regulars: int
    reply_every: int
    thread_span: int
    batch: int
    load_jobs: int
    check_fks: bool
    seconds: float
    warmup: float
    concurrency: int
    targets: int
    pool_size: int
    server: str


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add = parser.add_argument
    add("--messages", type=int, default=1_000_000, help="rows to load (issue: 10000000)")
    add("--rooms", type=int, default=1000, help="chatrooms the messages go to")
    add("--authors", type=int, default=20_000, help="accounts registered, all authors")
    add("--regulars", type=int, default=100, help="authors chatting in each room")
    add("--reply-every", type=int, default=20, help="every n-th message of a room is a reply")
    add("--thread-span", type=int, default=1000, help="seqs per thread (one root each)")
    add("--batch", type=int, default=500_000, help="rows per INSERT ... SELECT")
    add("--load-jobs", type=int, default=2, help="connections loading batches at once")
    add(
        "--check-foreign-keys",
        action="store_true",
        help="keep the FK triggers on during the load (about 1.5x slower)",
    )
    add("--seconds", type=float, default=5.0, help="measured seconds per shape")
    add("--warmup", type=float, default=1.0, help="unmeasured seconds per shape")
    add("--concurrency", type=int, default=4, help="keep-alive connections")
    add("--targets", type=int, default=2000, help="random targets per shape")
    add("--pool-size", type=int, default=10, help="the server's DB pool")
    add("--server", choices=("granian", "uvicorn"), default="granian")
    ns = parser.parse_args(argv)
    sizes = (ns.messages, ns.rooms, ns.regulars, ns.batch, ns.load_jobs, ns.concurrency)
    if min(*sizes, ns.targets) < 1:
        parser.error("sizes must be positive")
    if ns.authors < max(ns.rooms, ns.regulars):
        parser.error("--authors must be at least --rooms and --regulars")
    if ns.reply_every < 2 or ns.thread_span % ns.reply_every:
        parser.error("--reply-every must be >= 2 and divide --thread-span")
    if ns.seconds <= 0 or ns.pool_size < 1:
        parser.error("--seconds and --pool-size must be positive")
    return Options(
        ns.messages,
        ns.rooms,
        ns.authors,
        ns.regulars,
        ns.reply_every,
        ns.thread_span,
        ns.batch,
        ns.load_jobs,
        ns.check_foreign_keys,
        ns.seconds,
        ns.warmup,
        ns.concurrency,
        ns.targets,
        ns.pool_size,
        ns.server,
    )


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def plans(dsn: str, samples: Sequence[Sample]) -> bool:
    """Print each shape's plans; False if one reads chat_messages sequentially."""
    ok = True
    threads = [s for s in samples if s.thread_id is not None]
    for shape in SHAPES:
        target = random.choice(threads if shape.name == "thread" else samples)
        custom, generic = run_interruptible(explain(dsn, shape, target), None)
        print(f"\n--- {shape.name}: EXPLAIN (ANALYZE, BUFFERS) of the adapter's SQL")
        print("\n".join("    " + line for line in custom))
        print(f"    generic plan: {scans(generic)}")
        for kind, plan in (("custom", custom), ("generic", generic)):
            if is_seq_scan(plan):
                ok = False
                print(f"    FAIL: the {kind} plan reads chat_messages with a Seq Scan")
    return ok


def measure(
    urls: ServiceUrls, tmp: Path, samples: Sequence[Sample], opts: Options, pg: int | None
) -> dict[str, Load]:
    env = server_env(urls, tmp / "data", opts.server, opts.pool_size)
    server = Server(
        f"{opts.server} full stack", [str(BIN / "streamzctl"), "serve"], env, tmp / "server.log"
    )
    rng = random.Random(5)
    threads = [s for s in samples if s.thread_id is not None]
    loads: dict[str, Load] = {}
    server.start()
    try:
        server.wait_ready()
        print(
            f"\nGET through {opts.server} (1 worker, DB pool {opts.pool_size}): "
            f"{opts.concurrency} keep-alive connections, {opts.warmup:g} s warm-up + "
            f"{opts.seconds:g} s per shape, random targets; every answer a 200 holding the "
            "room / user / thread asked for",
            flush=True,
        )
        for shape in SHAPES:
            checkpoint()
            pool = threads if shape.name == "thread" else samples
            picked = [rng.choice(pool) for _ in range(opts.targets)]
            requests = [shape.target(s) for s in picked]
            first = httpx.get(f"http://{HOST}:{server.port}{requests[0][0]}", timeout=30.0)
            if first.status_code != 200:
                raise RuntimeError(
                    f"{shape.name}: GET {requests[0][0]}: {first.status_code} {first.text}"
                )

            def source(
                requests: list[tuple[str, bytes]] = requests, gen: random.Random = rng
            ) -> tuple[bytes, bytes]:
                path, marker = gen.choice(requests)
                return get_request(server.port, path), marker

            sources: list[Source] = [source] * opts.concurrency
            load = http_load(
                server.port,
                sources,
                expect=200,
                warmup=opts.warmup,
                seconds=opts.seconds,
                server_pid=server.pid,
                postgres_pid=pg,
            )
            loads[shape.name] = load
            print(figures(shape.name, load, "req"), flush=True)
            if load.error_count:
                print(f"    first errors: {load.error_samples[:3]}\n{server.tail()}")
    finally:
        server.stop()
    return loads


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)

    def body(bench: Bench) -> Callable[[], int]:
        started = time.perf_counter()
        settings = settings_for(bench.urls, bench.tmp / "data", opts.pool_size)
        slugs = run_interruptible(seed(settings, opts.authors), None)
        print(
            f"registered {len(slugs):,} accounts via RegisterAccount in "
            f"{time.perf_counter() - started:.0f} s; loading {opts.messages:,} messages into "
            f"{opts.rooms:,} rooms ...",
            flush=True,
        )
        loaded = run_interruptible(bulk_load(bench.dsn, slugs[: opts.rooms], slugs, opts), None)
        print(
            f"loaded {loaded.rows:,} messages in {loaded.seconds:.1f} s "
            f"({loaded.rows / loaded.seconds:,.0f} rows/s), VACUUM (ANALYZE) "
            f"{loaded.vacuum_seconds:.1f} s; chat_messages: table {_mb(loaded.table_bytes)}, "
            f"indexes {_mb(loaded.index_bytes)}, total with TOAST {_mb(loaded.total_bytes)}",
            flush=True,
        )
        samples = run_interruptible(sample(bench.dsn, opts.messages, opts.targets * 20), None)
        if not any(s.thread_id for s in samples):
            raise RuntimeError("the sample holds no reply: raise --targets or --messages")
        plans_ok = plans(bench.dsn, samples)
        loads = measure(bench.urls, bench.tmp, samples, opts, bench.postgres_pid)
        return lambda: report(opts, loaded, loads, plans_ok)

    return run_bench("chat-history", body)


def report(opts: Options, loaded: Loaded, loads: dict[str, Load], plans_ok: bool) -> int:
    print(
        f"\n{loaded.rows:,} messages, {opts.rooms:,} rooms, {opts.authors:,} authors; "
        f"load {loaded.seconds:.0f} s + VACUUM (ANALYZE) {loaded.vacuum_seconds:.0f} s; "
        f"{_mb(loaded.total_bytes)} on disk"
    )
    print(f"{'shape':<22} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, load in loads.items():
        print(
            f"{name:<22} {load.rps:>7,.0f} {load.percentile(50):>8.2f} "
            f"{load.percentile(99):>8.2f} {load.error_count:>7}"
        )
    verdict = "every plan uses an index" if plans_ok else "FAILED: a plan has a Seq Scan"
    print(f"plans (custom and generic): {verdict}")
    errors = sum(load.error_count for load in loads.values())
    if errors:
        print(f"\nFAILED: {errors} request(s) failed", file=sys.stderr)
    return 0 if plans_ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
