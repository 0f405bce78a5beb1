"""Webhook intake benchmark: signed Livepeer deliveries accepted per second through the full
HTTP stack, against the HMAC check alone measured in the same run.

    uv run python bench/webhook_intake.py [--seconds 10] [--concurrency 16]

Starts ephemeral local PostgreSQL/Redis/Typesense, migrates, then one ``streamzctl serve``
(uvicorn, 1 worker) with a Livepeer webhook secret. The load generator is this process:
``--concurrency`` HTTP/1.1 keep-alive connections posting to ``/internal/webhooks/livepeer``,
each delivery a new event id (``stream.started`` of an unknown stream: it is verified, parsed,
stored once and its processing job queued on SAQ; nothing else), signed at send time with
``Livepeer-Signature: t=<ms>,v1=<HMAC-SHA256>``. Phases (``--warmup`` not measured, then
``--seconds``):

1. accepted: fresh signed deliveries, each answered 202;
2. replayed: deliveries already accepted, answered 200 (deduplicated, nothing new stored);
3. forged: a wrong signature, answered 401 before the body is parsed (nothing stored).

Then checks in PostgreSQL that every accepted delivery is stored exactly once and nothing else
was, and prints the in-process cost of the HMAC check for context.

Exits 1 if a request got another status or the stored rows do not match; 2 if the setup
failed; 130 on Ctrl-C/SIGTERM.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import itertools
import json
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg
from _chat_load import Bench, Source, figures, http_load, run_bench
from http_read import BIN, HOST, Load, Server, run_interruptible, server_env

from streamz.core.live.streams.signature import HEADER

SECRET = "bench-livepeer-webhook-secret"
PATH = "/internal/webhooks/livepeer"


@dataclass(frozen=True)
class Options:
    seconds: float
    warmup: float
    concurrency: int
    pool_size: int


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--pool-size", type=int, default=10)
    ns = parser.parse_args(argv)
    return Options(ns.seconds, ns.warmup, ns.concurrency, ns.pool_size)


def delivery(event_id: str) -> bytes:
    now = int(time.time() * 1000)
    stream = {"id": f"bench-stream-{event_id}", "name": "bench", "isActive": True}
    data = {"id": event_id, "event": "stream.started", "createdAt": now, "stream": stream}
    return json.dumps(data, separators=(",", ":")).encode()


def signed_request(port: int, body: bytes, secret: str) -> bytes:
    millis = int(time.time() * 1000)
    mac = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
        f"{HEADER}: t={millis},v1={mac}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class Deliveries:
    """Fresh event ids, and the bodies of those sent (to replay them)."""

    def __init__(self, prefix: str) -> None:
        self._ids = (f"{prefix}-{n}" for n in itertools.count())
        self.sent: list[bytes] = []
        self._replay = itertools.count()

    def fresh(self, port: int) -> Source:
        def source() -> tuple[bytes, bytes]:
            body = delivery(next(self._ids))
            self.sent.append(body)
            return signed_request(port, body, SECRET), b'"duplicate":false'

        return source

    def replayed(self, port: int) -> Source:
        def source() -> tuple[bytes, bytes]:
            body = self.sent[next(self._replay) % len(self.sent)]
            return signed_request(port, body, SECRET), b'"duplicate":true'

        return source

    def forged(self, port: int) -> Source:
        def source() -> tuple[bytes, bytes]:
            body = delivery(f"forged-{uuid.uuid4().hex}")
            return signed_request(port, body, "not-the-secret"), b'"status":401'

        return source


def hmac_per_second(bodies: Sequence[bytes], seconds: float = 1.0) -> float:
    """The signature check alone (compute + constant-time compare), in this process."""
    key, done, deadline = SECRET.encode(), 0, time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        for body in bodies[:1000]:
            mac = hmac.new(key, body, hashlib.sha256).hexdigest()
            hmac.compare_digest(mac, mac)
            done += 1
    return done / (time.perf_counter() - started)


async def stored(dsn: str) -> tuple[int, int]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetchval("SELECT count(*) FROM livepeer_events")
        distinct = await connection.fetchval("SELECT count(DISTINCT id) FROM livepeer_events")
    finally:
        await connection.close()
    return int(rows), int(distinct)


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)

    def body(bench: Bench) -> Callable[[], int]:
        env = server_env(bench.urls, bench.tmp / "data", "uvicorn", opts.pool_size)
        env["STREAMZ_LIVEPEER_WEBHOOK_SECRET"] = SECRET
        server = Server("full stack", [str(BIN / "streamzctl"), "serve"], env, bench.tmp / "s.log")
        deliveries = Deliveries(uuid.uuid4().hex[:8])
        phases: list[tuple[str, Load, int]] = []
        server.start()
        try:
            server.wait_ready()
            print(
                f"POST {PATH} through uvicorn (1 worker, DB pool {opts.pool_size}): "
                f"{opts.concurrency} keep-alive connections, {opts.warmup:g} s warm-up + "
                f"{opts.seconds:g} s per phase",
                flush=True,
            )
            for name, make, status in (
                ("accepted", deliveries.fresh, 202),
                ("replayed", deliveries.replayed, 200),
                ("forged", deliveries.forged, 401),
            ):
                load = http_load(
                    server.port,
                    [make(server.port)] * opts.concurrency,
                    expect=status,
                    warmup=opts.warmup,
                    seconds=opts.seconds,
                    server_pid=server.pid,
                    postgres_pid=bench.postgres_pid,
                )
                print(figures(f"{name} ({status})", load, "event"), flush=True)
                if load.error_count:
                    print(f"    first errors: {load.error_samples[:3]}\n{server.tail()}")
                phases.append((name, load, status))
        finally:
            server.stop()
        rows, distinct = run_interruptible(stored(bench.dsn), None)
        hmacs = hmac_per_second(deliveries.sent)

        def report() -> int:
            accepted = next(load for name, load, _ in phases if name == "accepted")
            print(
                f"\nwebhook intake: {accepted.rps:,.0f} signed deliveries/s accepted "
                f"(p99 {accepted.percentile(99):.1f} ms), each verified, stored once and "
                "queued; the HMAC check alone runs "
                f"{hmacs:,.0f}/s in one process ({1e6 / hmacs:.1f} us each)"
            )
            problems = [f"{n}: {p.error_count} errors" for n, p, _ in phases if p.error_count]
            # every fresh delivery made, warm-up included; the last of each connection may have
            # been cut off unsent when the phase ended
            sent = len(deliveries.sent)
            print(f"stored rows: {rows:,} ({distinct:,} distinct ids) for {sent:,} sent")
            if rows != distinct or not sent - opts.concurrency <= rows <= sent:
                problems.append(f"stored {rows} rows ({distinct} distinct) for {sent} sent")
            if problems:
                print("FAILED: " + "; ".join(problems), file=sys.stderr)
                return 1
            return 0

        return report

    return run_bench("webhook-intake", body)


if __name__ == "__main__":
    sys.exit(main())
