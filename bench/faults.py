"""Faults benchmark: a chat-send load while Redis, then PostgreSQL, is killed (SIGKILL) and
restarted; nothing acknowledged may be lost or duplicated, and no 5xx but 503 may answer.

    uv run python bench/faults.py [--senders 20] [--phase 8] [--down 5]

Starts local PostgreSQL (durable: fsync and synchronous commit on, as in production)/Redis/
Typesense (``local_services``), migrates, registers a room owner
and ``--senders`` senders and raises the room's chat rate limit (``make_room``), then runs
``streamzctl serve`` (uvicorn, 1 worker). Each sender is a closed loop of
``POST /private/v1/channels/{slug}/chatroom/messages`` with its own session JWT, message i
carrying the content ``f<sender>-<i>`` and the ``Idempotency-Key`` of the same text. A send that
answers 503, times out or loses its connection is retried with the same key (backoff 0.2 s to
2 s, for up to 120 s) until it is answered 201 (acknowledged) or 4xx (refused). Timeline:
``--phase`` seconds of load, Redis SIGKILLed, ``--down`` seconds down, restarted on its port
(``LocalServices.start``), ``--phase`` seconds, the same for PostgreSQL, ``--phase`` seconds.

Prints: sends acknowledged, refused, given up; answers by status (503s, other 5xx, timeouts and
connection errors); per fault the seconds from the restart to the first 201 after it
(recovery); then, from the database: acknowledged sends missing (lost), contents stored more
than once (duplicated), and sends stored that were never acknowledged (given up or answered
lost: fine, the client can see them). Exits 1 if lost, duplicated or other-5xx is not 0; 2 if
the setup failed; 130 on Ctrl-C/SIGTERM. Servers and services stop on every path.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
from _chat_load import Bench, run_bench
from _realtime_support import SEND_PATH, make_room, streamz_server
from http_read import HOST, checkpoint, run_interruptible, settings_for

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz_dev.localservices import LocalServices

RETRY_FOR = 120.0  # seconds a sender keeps retrying one message


@dataclass
class Tally:
    acked: set[str] = field(default_factory=set)  # contents answered 201
    refused: dict[str, int] = field(default_factory=dict)  # content -> 4xx status
    given_up: set[str] = field(default_factory=set)
    statuses: Counter[str] = field(default_factory=Counter)  # every answer, by status/kind
    acks_at: list[float] = field(default_factory=list)  # monotonic time of each 201
    attempts: int = 0

    @property
    def other_5xx(self) -> int:
        return sum(n for s, n in self.statuses.items() if s.startswith("5") and s != "503")


@dataclass
class Fault:
    name: str
    killed_at: float = 0.0
    restarted_at: float = 0.0
    recovered_at: float | None = None

    def recovery(self, acks: Sequence[float]) -> float | None:
        after = [t for t in acks if t > self.restarted_at]
        return (min(after) - self.restarted_at) if after else None


async def sender(
    http: httpx.AsyncClient, path: str, token: str, n: int, stop: asyncio.Event, tally: Tally
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    i = 0
    while not stop.is_set():
        content = f"f{n}-{i}"
        i += 1
        deadline = time.monotonic() + RETRY_FOR
        backoff = 0.2
        while True:
            tally.attempts += 1
            try:
                answer = await http.post(
                    path,
                    json={"content": content},
                    headers={**headers, "Idempotency-Key": content},
                )
                status = answer.status_code
                tally.statuses[str(status)] += 1
            except httpx.TimeoutException:
                tally.statuses["timeout"] += 1
                status = 0
            except httpx.TransportError:
                tally.statuses["connection error"] += 1
                status = 0
            if status == 201:
                tally.acked.add(content)
                tally.acks_at.append(time.monotonic())
                break
            if 400 <= status < 500 and status not in (409, 429):  # 409: the first is in flight
                tally.refused[content] = status
                break
            if time.monotonic() > deadline:
                tally.given_up.add(content)
                break
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 2.0)


def kill(services: LocalServices, name: str) -> None:
    status = {s.name: s for s in services.status()}[name]
    if status.pid is None:
        raise RuntimeError(f"{name} is not running")
    os.kill(status.pid, signal.SIGKILL)


async def run(
    bench: Bench, port: int, slug: str, tokens: Sequence[str], opts: Options
) -> tuple[Tally, list[Fault]]:
    services = LocalServices(bench.tmp / "services", ephemeral=False, fixed_ports=False)
    tally = Tally()
    stop = asyncio.Event()
    faults = [Fault("redis"), Fault("postgres")]
    timeout = httpx.Timeout(5.0, connect=2.0)
    limits = httpx.Limits(max_connections=len(tokens) * 2)
    async with httpx.AsyncClient(
        base_url=f"http://{HOST}:{port}", timeout=timeout, limits=limits
    ) as http:
        path = SEND_PATH.format(slug=slug)
        tasks = [
            asyncio.create_task(sender(http, path, token, n, stop, tally))
            for n, token in enumerate(tokens)
        ]
        try:
            await asyncio.sleep(opts.phase)
            for fault in faults:
                checkpoint()
                print(f"  killing {fault.name} (SIGKILL) after {len(tally.acked)} acks", flush=True)
                fault.killed_at = time.monotonic()
                kill(services, fault.name)
                await asyncio.sleep(opts.down)
                await asyncio.to_thread(services.start)  # the dead one, on its port
                fault.restarted_at = time.monotonic()
                print(f"  {fault.name} restarted", flush=True)
                await asyncio.sleep(opts.phase)
        finally:
            stop.set()
            await asyncio.gather(*tasks)
    return tally, faults


async def stored(dsn: str) -> Counter[str]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch("SELECT content FROM chat_messages")
    finally:
        await connection.close()
    return Counter(r["content"] for r in rows)


def server_errors(log: Path) -> list[str]:
    """The server's log lines at error level or with a traceback (the first few)."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return []
    marks = ('"level":"error"', '"level": "error"', "Traceback", "[error")
    out = []
    for line in lines:
        if any(m in line for m in marks):
            try:
                record = json.loads(line)
            except ValueError:
                out.append(line[:300])
                continue
            trace = str(record.get("exception") or "").strip().splitlines()
            raised = [t.strip(" |") for t in trace if "Error" in t and ":" in t]
            cause = raised[-1] if raised else (trace[-1] if trace else "")
            out.append(f"{str(record.get('event')).strip()}: {cause}"[:300])
    return out[:5]


def report(
    tally: Tally,
    faults: Sequence[Fault],
    contents: Counter[str],
    seconds: float,
    errors: Sequence[str] = (),
) -> int:
    lost = sorted(c for c in tally.acked if contents[c] == 0)
    duplicated = sorted(c for c, n in contents.items() if n > 1)
    unacked = sorted(c for c in contents if c not in tally.acked)
    print()
    print(f"faults: {len(tally.acked):,} sends acknowledged in {seconds:.0f} s "
          f"({tally.attempts:,} attempts), {len(tally.refused)} refused (4xx), "
          f"{len(tally.given_up)} given up after {RETRY_FOR:.0f} s")  # fmt: skip
    answers = ", ".join(f"{k}: {v:,}" for k, v in sorted(tally.statuses.items()))
    print(f"  answers: {answers}")
    for fault in faults:
        took = fault.recovery(tally.acks_at)
        shown = f"{took:.2f} s" if took is not None else "never"
        print(f"  {fault.name}: down {fault.restarted_at - fault.killed_at:.1f} s; "
              f"first 201 after its restart: {shown}")  # fmt: skip
    print(f"  lost (acknowledged, not stored): {len(lost)} (must be 0)")
    print(f"  duplicated (stored more than once): {len(duplicated)} (must be 0)")
    print(f"  5xx other than 503: {tally.other_5xx} (must be 0)")
    print(f"  stored but never acknowledged (client gave up or lost the answer): {len(unacked)}")
    if tally.refused:
        print(f"  refusals: {Counter(tally.refused.values())}")
    for label, items in (("lost", lost), ("duplicated", duplicated)):
        if items:
            print(f"  {label}: {items[:10]}")
    if errors:
        print("  server errors (first lines):")
        for line in errors:
            print(f"    {line}")
    bad = bool(lost or duplicated or tally.other_5xx)
    if any(f.recovery(tally.acks_at) is None for f in faults):
        print("  a fault was never recovered from")
        bad = True
    return 1 if bad else 0


@dataclass
class Options:
    senders: int
    phase: float
    down: float
    pool_size: int


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--phase", type=float, default=8.0, help="seconds of load between faults")
    parser.add_argument("--down", type=float, default=5.0, help="seconds a service stays down")
    parser.add_argument("--pool-size", type=int, default=10)
    args = parser.parse_args(argv)
    return Options(args.senders, args.phase, args.down, args.pool_size)


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)

    def body(bench: Bench) -> Callable[[], int]:
        settings = settings_for(bench.urls, bench.tmp / "data", opts.pool_size)
        room = run_interruptible(make_room(settings, opts.senders), None)
        print(f"room {room.slug}: {len(room.senders)} senders, rate limit raised", flush=True)
        server = streamz_server(bench.urls, bench.tmp, "streamz", opts.pool_size)
        issuer = LocalIssuer(
            bench.tmp / "data" / "jwt-signing-key.pem",
            issuer=settings.auth.issuer,
            audience=settings.auth.audience,
        )
        tokens = [issuer.issue(s, ttl_seconds=3600) for s in room.senders]
        try:
            server.start()
            server.wait_ready()
            started = time.monotonic()
            tally, faults = run_interruptible(
                run(bench, server.port, room.slug, tokens, opts), None
            )
            seconds = time.monotonic() - started
            contents = run_interruptible(stored(bench.dsn), None)
        finally:
            with contextlib.suppress(Exception):
                server.stop()
        errors = server_errors(server.log)
        return lambda: report(tally, faults, contents, seconds, errors)

    # durable PostgreSQL (fsync, synchronous commit), as in production: the ephemeral settings
    # of the other benches acknowledge commits a crash of the server may lose
    return run_bench("faults", body, ephemeral=False)


if __name__ == "__main__":
    raise SystemExit(main())
