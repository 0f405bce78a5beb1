"""Channel page read: full stack vs one raw asyncpg query returning the same data.

A channel page is the channel with its owner, 20 panels, 10 social links, 12 subscriber badges
and its role counts over 1,000 VIPs/OGs (500 each by default). The full stack answers
``GET /public/v1/channels/{slug}/page`` through ``streamzctl serve`` (request id, dishka scope,
anonymous principal with the rate-limit hit, GetChannelPage use case, the Postgres read port's
single query, domain objects, msgspec views); the baseline (``bench/_baseline_page_app.py``) runs
the same single query on a raw asyncpg pool in a bare Litestar handler and returns the row as
JSON. Same server, same pool size, same run. Prints req/s, p50, p99 and the ratios.

    uv run python bench/channel_page.py [--server granian|uvicorn|both] [--seconds 10]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import _summary
import asyncpg
import httpx
from http_read import (
    BIN,
    SERVERS,
    Options,
    Result,
    Server,
    checkpoint,
    describe,
    full_stack,
    install_stop_handlers,
    local_services,
    parse_args,
    ratios,
    run_interruptible,
    run_load,
    server_env,
    settings_for,
    summary,
    table,
)

from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.core.shared.ids import new_id
from streamz.entrypoints import migrations
from streamz.library import Streamz
from streamz.settings import Settings

CHANNELS = 5
PANELS, LINKS = 20, 10
THRESHOLDS = (1, 2, 3, 6, 9, 12, 18, 24, 30, 36, 48, 60)  # 12 badges
FULL_PATH = "/public/v1/channels/{slug}/page"
BASELINE_PATH = "/channels/{slug}/page"


async def seed(settings: Settings, members: int) -> list[str]:
    """``CHANNELS`` channels, each with the full page content and ``members`` VIPs/OGs."""
    async with Streamz.from_settings(settings) as streamz:
        owners = [f"page_owner_{i}" for i in range(CHANNELS)]
        people = [f"member_{i}" for i in range(members)]
        for name in owners + people:
            await streamz.call(
                RegisterAccount,
                RegisterAccountRequest(Principal.system(), f"id-{name}", name, f"{name}@x.io"),
            )
    assert settings.database.url is not None
    db = await asyncpg.connect(settings.database.url.replace("+asyncpg", ""))
    now = datetime.now(UTC)
    try:
        member_ids = [
            r["id"]
            for r in await db.fetch("SELECT id FROM accounts WHERE username LIKE 'member_%'")
        ]
        for owner in owners:
            channel = await db.fetchval("SELECT id FROM channels WHERE slug = $1", owner)
            await db.executemany(
                "INSERT INTO channel_panels (id, channel_id, title, body, position, created_at,"
                " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
                [
                    (new_id(), channel, f"Panel {i}", "Some **markdown** " * 20, i, now)
                    for i in range(PANELS)
                ],
            )
            await db.executemany(
                "INSERT INTO channel_social_links (id, channel_id, url, label, position,"
                " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
                [
                    (new_id(), channel, f"https://example{i}.com/{owner}", f"Link {i}", i, now)
                    for i in range(LINKS)
                ],
            )
            await db.executemany(
                "INSERT INTO channel_badges (id, channel_id, months, image_key, content_type,"
                " width, height, created_at) VALUES ($1, $2, $3, $4, 'image/png', 72, 72, $5)",
                [
                    (new_id(), channel, m, f"badges/{channel}/{uuid.uuid4().hex}.png", now)
                    for m in THRESHOLDS
                ],
            )
            await db.executemany(
                "INSERT INTO channel_roles (id, channel_id, account_id, role, permissions,"
                " created_at) VALUES ($1, $2, $3, $4, '{}', $5)",
                [
                    (new_id(), channel, a, "vip" if i % 2 else "og", now)
                    for i, a in enumerate(member_ids)
                ],
            )
        await db.execute("ANALYZE")
    finally:
        await db.close()
    return owners


def baseline(urls: object, tmp: Path, server: str, pool: int) -> Server:
    env = server_env(urls, tmp / "data", server, pool)  # type: ignore[arg-type]
    port, target = env["BENCH_PORT"], "bench._baseline_page_app:create_app"
    if server == "uvicorn":
        argv = [str(BIN / "uvicorn"), target, "--factory", "--host", "127.0.0.1", "--port", port]
        argv += ["--workers", "1", "--log-level", "warning", "--no-access-log"]
    else:
        argv = [str(BIN / "granian"), "--interface", "asgi", "--factory", "--host", "127.0.0.1"]
        argv += ["--port", port, "--workers", "1", "--log-level", "warning", target]
    return Server(f"{server} baseline", argv, env, tmp / "baseline.log")


def check_same_data(full: Server, base: Server, slug: str) -> None:
    a = httpx.get(f"http://127.0.0.1:{full.port}{FULL_PATH.format(slug=slug)}", timeout=10).json()
    b = httpx.get(
        f"http://127.0.0.1:{base.port}{BASELINE_PATH.format(slug=slug)}", timeout=10
    ).json()
    same = (
        len(a["panels"]) == len(b["panels"]) == PANELS
        and len(a["links"]) == len(b["links"]) == LINKS
        and [x["months"] for x in a["badges"]] == [x["months"] for x in b["badges"]]
        and a["roles"] == b["roles"]
    )
    if not same:
        raise RuntimeError(f"full stack and baseline disagree for {slug}")


def bench(
    server: str, urls: object, tmp: Path, slugs: Sequence[str], opts: Options
) -> list[Result]:
    base = baseline(urls, tmp, server, opts.pool_size)
    full = full_stack(urls, tmp, server, opts.pool_size)  # type: ignore[arg-type]
    results: list[Result] = []
    try:
        for s in (base, full):
            s.start()
        for s in (base, full):
            s.wait_ready()
        check_same_data(full, base, slugs[0])
        for side, s, path in (("baseline", base, BASELINE_PATH), ("full stack", full, FULL_PATH)):
            result = Result(server, side, run_load(s, path, slugs, opts, None))
            results.append(result)
            print(describe(result), flush=True)
    finally:
        for s in (full, base):
            s.stop()
    rps, p50, p99 = ratios(results[1].load, results[0].load)
    print(f"  full/baseline: req/s {rps:.2f} (target >= 0.5); p50 {p50:.2f}x, p99 {p99:.2f}x")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    install_stop_handlers()
    servers = SERVERS if opts.server == "both" else (opts.server,)
    tmp = Path(tempfile.mkdtemp(prefix="streamz-bench-", dir="/tmp"))
    tmp.chmod(0o755)
    (tmp / "data").mkdir()
    results: list[Result] = []
    try:
        with local_services(tmp) as (_, urls):
            migrations.upgrade(urls.database_url)
            started = time.perf_counter()
            settings = settings_for(urls, tmp / "data", opts.pool_size)
            slugs = run_interruptible(seed(settings, opts.accounts), None)
            print(
                f"seeded {len(slugs)} channels x ({PANELS} panels, {LINKS} links, "
                f"{len(THRESHOLDS)} badges, {opts.accounts:,} VIPs/OGs) "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            for server in servers:
                print(f"\n{server}:", flush=True)
                results += bench(server, urls, tmp, slugs, opts)
                checkpoint()
    except KeyboardInterrupt:
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(table(results))
    _summary.write(opts.summary_json, summary(results))
    errors = sum(r.load.error_count for r in results)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
