"""A channel with N followers (each with 1–2 devices) goes live: push fan-out end to end.

    uv run python bench/golive.py [--followers 100000] [--workers 2]

Starts its own PostgreSQL and Redis (``LocalServices``, ephemeral), a fake FCM in its own
process, and ``--workers`` real worker processes (``streamzctl worker``: outbox relay, SAQ,
the real FCM adapter pointed at the fake, the Redis token bucket and circuit breaker). It seeds
the audience with COPY and gives the channel a Livepeer stream, then hands a signed
``stream.started`` delivery to the real webhook use case (as ``POST /internal/webhooks/livepeer``
does: signature, dedupe, store, SAQ job), and measures:

- pushes/s end to end (webhook accepted → the workers' SAQ job makes the stream live and writes
  ``notify.channel_live`` → relay → trigger → expansion → last push answered by the fake),
  time to the first and the last delivery, peak RSS of each worker;
- a baseline in the same run: a raw concurrent httpx sender posting the same number of FCM
  requests to the same fake (same connection count), and the ratio (target ≥ 0.8);
- the token bucket holding a configured quota exactly (many concurrent takers, one bucket).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import _summary
import asyncpg
import httpx
from redis.asyncio import Redis

from streamz.adapters.memory.notification_delivery import BucketRate
from streamz.adapters.redis.provider_guards import RedisProviderRateLimit
from streamz.container import make_container
from streamz.core.identity.entities import Principal
from streamz.core.live.streams.receive_webhook import (
    ReceiveLivepeerWebhook,
    ReceiveLivepeerWebhookRequest,
)
from streamz.core.shared.ids import new_id
from streamz.entrypoints import migrations
from streamz.settings import LivepeerSettings, LogSettings, Settings
from streamz_dev.localservices import LocalServices, ServiceUrls
from streamz_dev.localservices._process import free_port

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Options:
    followers: int
    workers: int
    connections: int
    timeout: float
    quota: int
    summary_json: str | None = None


def parse_args() -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--connections", type=int, default=100, help="HTTP connections to FCM")
    parser.add_argument("--timeout", type=float, default=3600, help="give up after (s)")
    parser.add_argument("--quota", type=int, default=2000, help="rate limiter demo: tokens/s")
    _summary.add_option(parser)
    a = parser.parse_args()
    return Options(a.followers, a.workers, a.connections, a.timeout, a.quota, a.summary_json)


def dsn(urls: ServiceUrls) -> str:
    return urls.database_url.replace("+asyncpg", "")


async def seed(urls: ServiceUrls, followers: int) -> tuple[uuid.UUID, int]:
    """Owner, channel, followers (COPY), devices: every other follower has two. Returns the
    channel id and the number of devices."""
    db = await asyncpg.connect(dsn(urls))
    try:
        now = datetime.now(UTC)
        owner, channel = new_id(), new_id()
        await db.execute(
            "INSERT INTO accounts (id, identity_id, username, email, role, created_at,"
            " updated_at) VALUES ($1, 'owner', 'caster', 'caster@example.com', 'user', $2, $2)",
            owner,
            now,
        )
        await db.execute(
            "INSERT INTO channels (id, account_id, slug, display_name, bio, is_live,"
            " followers_count, created_at, updated_at)"
            " VALUES ($1, $2, 'caster', 'Caster', '', false, $3, $4, $4)",
            channel,
            owner,
            followers,
            now,
        )
        ids = [new_id() for _ in range(followers)]
        await db.copy_records_to_table(
            "accounts",
            records=[
                (a, f"id-{i}", f"fan{i}", f"fan{i}@example.com", "user", now, now)
                for i, a in enumerate(ids)
            ],
            columns=["id", "identity_id", "username", "email", "role", "created_at", "updated_at"],
        )
        await db.copy_records_to_table(
            "channel_follows",
            records=[(new_id(), a, channel, now) for a in ids],
            columns=["id", "account_id", "channel_id", "followed_at"],
        )
        devices = [
            (new_id(), a, "android", f"tok-{i}-{d}", now, now)
            for i, a in enumerate(ids)
            for d in range(1 + i % 2)
        ]
        await db.copy_records_to_table(
            "push_devices",
            records=devices,
            columns=["id", "account_id", "platform", "token", "created_at", "updated_at"],
        )
        await db.execute("ANALYZE")
        return channel, len(devices)
    finally:
        await db.close()


WEBHOOK_SECRET = "golive-webhook-secret"
STREAM_ID = "golive-stream"


async def go_live(urls: ServiceUrls, channel: uuid.UUID, data: Path) -> float:
    """Livepeer's signed ``stream.started`` for the channel's stream, taken in by the real
    webhook use case (signature check, dedupe, stored, processing job queued on SAQ); returns
    when it was accepted. The workers then process it (livestream row, ``notify.channel_live``
    in the outbox) and fan out."""
    db = await asyncpg.connect(dsn(urls))
    try:
        await db.execute(
            "INSERT INTO channel_streams (channel_id, livepeer_stream_id, stream_key,"
            " playback_id, created_at) VALUES ($1, $2, 'golive-key', 'golive-playback', now())",
            channel,
            STREAM_ID,
        )
    finally:
        await db.close()
    now = int(time.time() * 1000)
    body = json.dumps(
        {
            "id": f"golive-{uuid.uuid4()}",
            "event": "stream.started",
            "createdAt": now,
            "stream": {"id": STREAM_ID, "name": "caster"},
        }
    ).encode()
    mac = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    settings = Settings(
        data_dir=data,
        livepeer=LivepeerSettings(webhook_secret=WEBHOOK_SECRET),
        log=LogSettings(level="WARNING"),
    ).with_services(urls.database_url, urls.redis_url, urls.typesense_url, urls.typesense_api_key)
    container = make_container(settings)
    try:
        async with container() as request:
            receive = await request.get(ReceiveLivepeerWebhook)
            started = time.perf_counter()
            signature = f"t={now},v1={mac}"
            await receive(ReceiveLivepeerWebhookRequest(Principal.system(), body, signature))
    finally:
        await container.close()
    return started


async def fake_stats(client: httpx.AsyncClient, fcm: str) -> dict[str, int]:
    stats: dict[str, int] = (await client.get(f"{fcm}/_fake/stats")).json()
    return stats


def rss_peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def start_workers(
    urls: ServiceUrls, fcm: str, opts: Options, data: Path
) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "STREAMZ_DATABASE_URL": urls.database_url,
        "STREAMZ_REDIS_URL": urls.redis_url,
        "STREAMZ_TYPESENSE_URL": urls.typesense_url,
        "STREAMZ_TYPESENSE_API_KEY": urls.typesense_api_key,
        "STREAMZ_DATA_DIR": str(data),
        "STREAMZ_FCM_URL": fcm,
        "STREAMZ_FCM_MAX_CONNECTIONS": str(max(1, opts.connections // opts.workers)),
        "STREAMZ_NOTIFICATIONS_QUIET_CAP": "1000",
        "STREAMZ_LOG_LEVEL": "WARNING",
    }
    return [
        subprocess.Popen([str(BIN / "streamzctl"), "worker"], env=env, stdout=subprocess.DEVNULL)
        for _ in range(opts.workers)
    ]


async def pipeline(urls: ServiceUrls, fcm: str, opts: Options, data: Path) -> dict[str, float]:
    channel, devices = await seed(urls, opts.followers)
    print(f"seeded {opts.followers} followers, {devices} devices", flush=True)
    workers = start_workers(urls, fcm, opts, data)
    peaks: dict[int, int] = {}
    async with httpx.AsyncClient() as client:
        try:
            await asyncio.sleep(3)  # workers up
            base = (await fake_stats(client, fcm))["messages"]
            started = await go_live(urls, channel, data)
            first = last = 0.0
            seen = 0
            deadline = started + opts.timeout
            while seen < devices and time.perf_counter() < deadline:
                await asyncio.sleep(0.1)
                seen = (await fake_stats(client, fcm))["tokens"]
                if seen and not first:
                    first = time.perf_counter()
                for w in workers:
                    peaks[w.pid] = max(peaks.get(w.pid, 0), rss_peak_kb(w.pid))
            last = time.perf_counter()
            stats = await fake_stats(client, fcm)
        finally:
            for w in workers:
                peaks[w.pid] = max(peaks.get(w.pid, 0), rss_peak_kb(w.pid))
                w.send_signal(signal.SIGTERM)
            for w in workers:
                try:
                    w.wait(15)
                except subprocess.TimeoutExpired:
                    w.kill()
    elapsed = last - started
    return {
        "devices": devices,
        "delivered_tokens": seen,
        "messages": stats["messages"] - base,
        "seconds": elapsed,
        "first": first - started if first else float("nan"),
        "rate": seen / elapsed if elapsed else 0.0,
        "rss_mb": max(peaks.values()) / 1024 if peaks else 0.0,
    }


async def raw_sender(fcm: str, count: int, connections: int) -> float:
    """The baseline: the same number of FCM v1 requests from one process, ``connections``
    concurrent, no database, no queue. Requests per second."""
    url = f"{fcm}/v1/projects/streamz-local/messages:send"
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits) as client:
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(count):
            queue.put_nowait(i)

        async def sender() -> None:
            while not queue.empty():
                i = queue.get_nowait()
                note = {"title": "Caster is live", "body": "Go-live benchmark"}
                android = {"collapse_key": "live"}
                body = {"message": {"token": f"raw-{i}", "notification": note, "android": android}}
                response = await client.post(url, json=body)
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(sender() for _ in range(connections)))
        return count / (time.perf_counter() - started)


async def rate_limit_demo(urls: ServiceUrls, quota: int, seconds: int = 3) -> list[int]:
    """Many concurrent takers of one bucket (burst = one second's quota) for ``seconds`` after
    draining the burst: tokens granted in each whole second."""
    redis = Redis.from_url(urls.redis_url)
    limiter = RedisProviderRateLimit(
        redis, {"demo": BucketRate(float(quota), float(quota))}, prefix=f"bench:{uuid.uuid4()}:"
    )
    try:
        while await limiter.acquire("demo", quota) > 0:  # noqa: ASYNC110 - drain the burst
            await asyncio.sleep(0.01)
        granted: list[float] = []
        start = time.perf_counter()
        end = start + seconds

        async def taker() -> None:
            while time.perf_counter() < end:
                wait = await limiter.acquire("demo", 10)
                if wait == 0:
                    granted.append(time.perf_counter())
                else:
                    await asyncio.sleep(min(wait, 0.05))

        await asyncio.gather(*(taker() for _ in range(20)))
        return [10 * sum(1 for t in granted if s <= t - start < s + 1) for s in range(seconds)]
    finally:
        await redis.aclose()


def main() -> int:
    opts = parse_args()
    root = Path(tempfile.mkdtemp(prefix="streamz-golive-"))
    root.chmod(0o755)
    local = LocalServices(root / "services", ephemeral=True, fixed_ports=False)
    port = free_port()
    fake = subprocess.Popen(
        [sys.executable, "-m", "streamz_dev.fcm", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    fcm = f"http://{HOST}:{port}"
    try:
        urls = local.start()
        migrations.upgrade(urls.database_url)
        time.sleep(1)
        result = asyncio.run(pipeline(urls, fcm, opts, root / "data"))
        raw = asyncio.run(raw_sender(fcm, int(result["devices"]), opts.connections))
        quota = asyncio.run(rate_limit_demo(urls, opts.quota))
    finally:
        fake.send_signal(signal.SIGTERM)
        fake.wait(10)
        local.stop()
        shutil.rmtree(root, ignore_errors=True)
    print(f"followers                 {opts.followers}")
    print(f"devices (pushes due)      {int(result['devices'])}")
    print(f"devices reached           {int(result['delivered_tokens'])}")
    print(f"FCM requests (incl. dup)  {int(result['messages'])}")
    print(f"workers                   {opts.workers} processes")
    print(f"time to first delivery    {result['first']:.2f} s")
    print(f"time to last delivery     {result['seconds']:.2f} s")
    print(f"pushes/s end to end       {result['rate']:.0f}")
    print(f"peak RSS per worker       {result['rss_mb']:.0f} MB")
    print(f"raw httpx sender          {raw:.0f} requests/s ({opts.connections} connections)")
    print(f"ratio pipeline/raw        {result['rate'] / raw:.2f} (target >= 0.8)")
    print(f"token bucket {opts.quota}/s     granted per second: {quota}")
    _summary.write(
        opts.summary_json, {f"pipeline.{k}": v for k, v in result.items()} | {"raw.rate": raw}
    )
    return 0 if result["delivered_tokens"] == result["devices"] else 1


if __name__ == "__main__":
    sys.exit(main())
