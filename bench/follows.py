"""Follow/unfollow benchmark: the full HTTP stack under concurrent clients, counts checked.

    uv run python bench/follows.py [--seconds 10] [--concurrency 50] [--users 500] [--stars 5]

Starts ephemeral local PostgreSQL/Redis/Typesense, migrates, registers ``--users`` accounts
through ``RegisterAccount`` (the first ``--stars`` are the channels followed), then:

- full stack: ``streamzctl serve`` (granian, 1 worker); ``--concurrency`` keep-alive clients send
  ``PUT``/``DELETE /private/v1/me/follows/channels/{star}`` (50/50) as random users, each with
  a session JWT signed by the local issuer (the key file the server reads from the data dir);
- baseline: the same follow/unfollow SQL (insert ... on conflict do nothing + counter update +
  outbox row, one transaction) from ``--concurrency`` tasks on a raw asyncpg pool of the same
  size, in the same run.

After each side, every star's ``channels.followers_count`` must equal its ``channel_follows``
rows (no lost or double counts); exits non-zero otherwise or if any request fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import _summary
import asyncpg
from http_read import (
    HOST,
    Server,
    checkpoint,
    install_stop_handlers,
    local_services,
    seed,
    server_env,
    settings_for,
)

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz.entrypoints import migrations
from streamz.settings import LOCAL_AUDIENCE, LOCAL_ISSUER
from streamz_dev.localservices import ServiceUrls

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PATH = "/private/v1/me/follows/channels/"

FOLLOW_SQL = """
WITH added AS (INSERT INTO channel_follows (id, account_id, channel_id, followed_at)
  VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, channel_id) DO NOTHING RETURNING channel_id),
counted AS (UPDATE channels SET followers_count = followers_count + 1
  WHERE id IN (SELECT channel_id FROM added) RETURNING id)
SELECT id FROM counted
"""
UNFOLLOW_SQL = """
WITH removed AS (DELETE FROM channel_follows WHERE account_id = $1 AND channel_id = $2
  RETURNING id, channel_id),
counted AS (UPDATE channels SET followers_count = followers_count - 1
  WHERE id IN (SELECT channel_id FROM removed) RETURNING id)
SELECT removed.id FROM removed, counted
"""
OUTBOX_SQL = "INSERT INTO outbox (id, topic, key, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)"


@dataclass
class Load:
    ops: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.ops / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies) or [float("nan")]
        return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))] * 1000


async def drive(
    concurrency: int, warmup: float, seconds: float, op: Callable[[int], Awaitable[str | None]]
) -> Load:
    """``concurrency`` workers call ``op(worker)`` in a loop; only the measured window counts."""
    load = Load()
    state = {"measuring": False, "stop": False}

    async def worker(i: int) -> None:
        while not state["stop"]:
            started = time.perf_counter()
            problem = await op(i)
            if problem is not None and len(load.errors) < 1000:
                load.errors.append(problem)
            if state["measuring"]:
                load.ops += 1
                load.latencies.append(time.perf_counter() - started)

    tasks = [asyncio.create_task(worker(i)) for i in range(concurrency)]
    await asyncio.sleep(warmup)
    state["measuring"] = True
    t0 = time.perf_counter()
    await asyncio.sleep(seconds)
    state["measuring"] = False
    load.seconds = time.perf_counter() - t0
    state["stop"] = True
    await asyncio.gather(*tasks)
    return load


class HttpClient:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def send(self, method: str, path: str, token: str) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(HOST, self.port)
        reader, writer = self.streams
        writer.write(
            f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Length: 0\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.lower().split(b"\r\n"):
            if line.startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return status, await reader.readexactly(length)


async def full_stack(port: int, tokens: list[str], stars: list[str], opts: Options) -> Load:
    clients = [HttpClient(port) for _ in range(opts.concurrency)]
    rng = random.Random(1)

    async def op(i: int) -> str | None:
        method = rng.choice(("PUT", "DELETE"))
        try:
            status, body = await clients[i].send(
                method, PATH + rng.choice(stars), rng.choice(tokens)
            )
        except (OSError, asyncio.IncompleteReadError) as error:
            clients[i].streams = None
            return repr(error)
        return None if status == 200 else f"{method} {status}: {body[:200]!r}"

    try:
        return await drive(opts.concurrency, opts.warmup, opts.seconds, op)
    finally:
        for c in clients:
            if c.streams:
                c.streams[1].close()


async def baseline(dsn: str, users: list[uuid.UUID], stars: list[uuid.UUID], opts: Options) -> Load:
    pool = await asyncpg.create_pool(dsn, min_size=opts.pool_size, max_size=opts.pool_size)
    rng = random.Random(2)

    async def op(_: int) -> str | None:
        user, star, now = rng.choice(users), rng.choice(stars), datetime.now(UTC)
        follow = rng.random() < 0.5
        async with pool.acquire() as connection, connection.transaction():
            if follow:
                changed = await connection.fetch(FOLLOW_SQL, uuid.uuid4(), user, star, now)
            else:
                changed = await connection.fetch(UNFOLLOW_SQL, user, star)
            if changed:
                topic = "channel.followed" if follow else "channel.unfollowed"
                payload = json.dumps({"follower_id": str(user), "channel_id": str(star)})
                await connection.execute(OUTBOX_SQL, uuid.uuid4(), topic, str(star), payload, now)
        return None

    try:
        return await drive(opts.concurrency, opts.warmup, opts.seconds, op)
    finally:
        await pool.close()


async def check(dsn: str) -> tuple[bool, str]:
    """Every channel's counter equals its follow rows."""
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(
            "SELECT c.slug, c.followers_count, count(f.id) AS follows FROM channels c"
            " LEFT JOIN channel_follows f ON f.channel_id = c.id GROUP BY c.id"
            " HAVING c.followers_count > 0 OR count(f.id) > 0"
        )
    finally:
        await connection.close()
    wrong = [r for r in rows if r["followers_count"] != r["follows"]]
    total = sum(r["follows"] for r in rows)
    if wrong:
        return False, f"MISMATCH on {len(wrong)} channels: {[dict(r) for r in wrong][:5]}"
    return True, f"OK: counts match rows on {len(rows)} channels ({total} follows)"


def describe(side: str, load: Load) -> str:
    return (
        f"  {side:<10} {load.rate:>8,.0f} ops/s   p50 {load.percentile(50):6.2f} ms   "
        f"p99 {load.percentile(99):6.2f} ms   {load.ops:,} ops in {load.seconds:.1f} s, "
        f"errors {len(load.errors)}"
    )


@dataclass(frozen=True)
class Options:
    seconds: float
    warmup: float
    concurrency: int
    users: int
    stars: int
    pool_size: int
    summary_json: str | None = None


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per side")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent clients")
    parser.add_argument("--users", type=int, default=500, help="accounts to seed")
    parser.add_argument("--stars", type=int, default=5, help="channels that get followed")
    parser.add_argument("--pool-size", type=int, default=10, help="DB pool size, both sides")
    _summary.add_option(parser)
    ns = parser.parse_args(argv)
    if ns.users <= ns.stars or ns.stars < 1 or ns.concurrency < 1 or ns.seconds <= 0:
        parser.error("need --users > --stars >= 1, --concurrency >= 1, --seconds > 0")
    return Options(
        ns.seconds, ns.warmup, ns.concurrency, ns.users, ns.stars, ns.pool_size, ns.summary_json
    )


async def ids(dsn: str, slugs: list[str]) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(
            "SELECT a.username, a.id, c.id AS channel_id FROM accounts a"
            " JOIN channels c ON c.account_id = a.id WHERE a.username = ANY($1)",
            slugs,
        )
    finally:
        await connection.close()
    by_name = {r["username"]: r for r in rows}
    return [by_name[s]["id"] for s in slugs], [by_name[s]["channel_id"] for s in slugs]


def run_full_stack(
    urls: ServiceUrls, tmp: Path, slugs: list[str], opts: Options
) -> tuple[Load, bool]:
    """``streamzctl serve`` under the follow/unfollow load; the load and whether all succeeded."""
    stars, fans = slugs[: opts.stars], range(opts.stars, opts.users)
    env = server_env(urls, tmp / "data", "granian", opts.pool_size)
    argv = [str(BIN / "streamzctl"), "serve"]
    server = Server("granian full stack", argv, env, tmp / "server.log")
    # the server signs nothing: it verifies with the key in its data dir, which we sign with
    issuer = LocalIssuer(
        tmp / "data" / "jwt-signing-key.pem", issuer=LOCAL_ISSUER, audience=LOCAL_AUDIENCE
    )
    tokens = [issuer.issue(f"id-{i}", ttl_seconds=3600) for i in fans]
    print(
        f"\n{opts.concurrency} concurrent clients, PUT/DELETE 50/50, random user of "
        f"{len(tokens)} x random channel of {len(stars)}; {opts.warmup:g} s warm-up + "
        f"{opts.seconds:g} s measured per side; DB pool {opts.pool_size}.",
        flush=True,
    )
    server.start()
    try:
        server.wait_ready()
        full = asyncio.run(full_stack(server.port, tokens, stars, opts))
    finally:
        server.stop()
    print(describe("full stack", full), flush=True)
    if full.errors:
        print(f"    first errors: {full.errors[:3]}\n{server.tail()}")
    return full, not full.errors


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    install_stop_handlers()
    tmp = Path(tempfile.mkdtemp(prefix="streamz-bench-follows-", dir="/tmp"))
    tmp.chmod(0o755)  # postgres runs as an unprivileged user and must traverse it
    (tmp / "data").mkdir()
    try:
        print("starting local PostgreSQL, Redis, Typesense ...", flush=True)
        with local_services(tmp) as (_, urls):
            migrations.upgrade(urls.database_url)
            dsn = urls.database_url.replace("+asyncpg", "")
            settings = settings_for(urls, tmp / "data", opts.pool_size)
            slugs = asyncio.run(seed(settings, opts.users))  # identity ids: id-0, id-1, ...
            stars = slugs[: opts.stars]
            print(f"seeded {len(slugs):,} accounts; {len(stars)} channels get followed", flush=True)
            checkpoint()
            full, ok = run_full_stack(urls, tmp, slugs, opts)
            good, verdict = asyncio.run(check(dsn))
            ok &= good
            print(f"  check after full stack: {verdict}", flush=True)

            users, _ = asyncio.run(ids(dsn, slugs[opts.stars :]))
            _, star_channels = asyncio.run(ids(dsn, stars))
            base = asyncio.run(baseline(dsn, users, star_channels, opts))
            print(describe("raw asyncpg", base), flush=True)
            good, verdict = asyncio.run(check(dsn))
            ok &= good
            print(f"  check after baseline:   {verdict}", flush=True)
            ratio = full.rate / base.rate if base.rate else float("nan")
            print(
                f"\n  full/baseline: ops/s {ratio:.2f}; p50 "
                f"{full.percentile(50) / base.percentile(50):.2f}x, p99 "
                f"{full.percentile(99) / base.percentile(99):.2f}x",
                flush=True,
            )
            _summary.write(
                opts.summary_json,
                {"ok": int(ok)}
                | {
                    f"{side}.ops_per_s": load.rate
                    for side, load in (("full", full), ("base", base))
                }
                | {
                    f"{side}.p{q}_ms": load.percentile(q)
                    for side, load in (("full", full), ("base", base))
                    for q in (50, 99)
                },
            )
    except KeyboardInterrupt:
        print("\ninterrupted; stopped the server and local services", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not ok:
        print("\nFAILED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
