"""Realtime memory benchmark: RSS growth of ONE Streamz server process per idle websocket
connection subscribed to a chatroom.

    uv run python bench/realtime_memory.py [--connections 10000] [--client-processes 4]

Starts ephemeral local PostgreSQL/Redis/Typesense (``local_services``), migrates, registers one
room owner (``RegisterAccount``), raises the open-files soft limit to the hard one (children
inherit it) and starts one ``streamzctl serve`` (uvicorn, 1 worker: a single process). Then:

1. warm-up: ``--warmup-connections`` anonymous clients connect, subscribe to
   ``chatroom:<slug>`` and close (code paths, the room and the pub/sub subscription exist);
2. ``VmRSS`` of the server (``/proc/<pid>/status``) after ``--settle`` seconds: *before*;
3. ``--connections`` anonymous clients (the ``websockets`` library, no compression, over
   ``--client-processes`` processes) connect and subscribe to the room, then stay idle (they
   answer the server's pings); after ``--settle`` s (20: idle connections' writer tasks end 10-15 s
   after their last frame): *after*;
4. prints (after - before) / connections in KiB (target <= 30) and the RSS once they closed.

Exits 1 if a client failed to connect or was dropped, or the target is missed with ``--strict``;
2 if the setup failed; 130 on Ctrl-C/SIGTERM. Everything started is stopped on every path.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import _summary
from _chat_load import Bench, run_bench
from _realtime_support import (
    ClientPool,
    make_room,
    raise_nofile,
    rss_kib,
    streamz_server,
    ws_url,
)
from http_read import run_interruptible, settings_for

TARGET_KIB = 30.0


@dataclass(frozen=True)
class Options:
    connections: int
    client_processes: int
    warmup_connections: int
    settle: float
    pool_size: int
    strict: bool
    summary_json: str | None = None


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--connections", type=int, default=10_000)
    parser.add_argument("--client-processes", type=int, default=4)
    parser.add_argument("--warmup-connections", type=int, default=200)
    parser.add_argument(
        "--settle",
        type=float,
        default=20.0,
        help="seconds before reading RSS (a connection's writer task ends 10-15 s after its "
        "last frame)",
    )
    parser.add_argument("--pool-size", type=int, default=10)
    parser.add_argument("--strict", action="store_true", help="exit 1 if over the target")
    _summary.add_option(parser)
    ns = parser.parse_args(argv)
    if ns.connections < 1 or ns.client_processes < 1:
        parser.error("--connections and --client-processes must be positive")
    return Options(
        ns.connections,
        ns.client_processes,
        ns.warmup_connections,
        ns.settle,
        ns.pool_size,
        ns.strict,
        ns.summary_json,
    )


@dataclass
class Measured:
    connected: int = 0
    failed: int = 0
    dropped: int = 0
    errors: tuple[str, ...] = ()
    before: int = 0  # KiB
    after: int = 0
    closed: int = 0  # once the clients left

    @property
    def per_connection(self) -> float:
        return (self.after - self.before) / self.connected if self.connected else float("nan")


async def measure(url: str, topic: str, pid: int, opts: Options) -> Measured:
    result = Measured()
    if opts.warmup_connections:
        async with ClientPool([url], opts.warmup_connections, 1, topic):
            pass
    await asyncio.sleep(opts.settle)
    result.before = rss_kib(pid)
    print(f"  server RSS before: {result.before:,} KiB", flush=True)
    async with ClientPool([url], opts.connections, opts.client_processes, topic) as pool:
        result.connected, result.failed = pool.connected, pool.failed
        result.errors = tuple(pool.errors[:3])
        print(f"  {pool.connected:,} connected and subscribed ({pool.failed} failed)", flush=True)
        await asyncio.sleep(opts.settle)
        result.after = rss_kib(pid)
        await pool.report()
        result.dropped = pool.closed
        print(f"  server RSS after:  {result.after:,} KiB", flush=True)
    await asyncio.sleep(opts.settle)
    result.closed = rss_kib(pid)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    soft, hard = raise_nofile()
    print(f"open files limit: {soft:,} (hard {hard:,})", flush=True)
    if opts.connections > soft - 500:
        print(f"warning: {opts.connections:,} sockets may exceed the open-files limit", flush=True)

    def body(bench: Bench) -> Callable[[], int]:
        settings = settings_for(bench.urls, bench.tmp / "data", opts.pool_size)
        room = run_interruptible(make_room(settings, 0), None)
        server = streamz_server(bench.urls, bench.tmp, "streamz", opts.pool_size)
        try:
            server.start()
            server.wait_ready()
            print(f"server pid {server.pid}, room {room.topic}", flush=True)
            m = run_interruptible(measure(ws_url(server), room.topic, server.pid, opts), None)
        finally:
            server.stop()

        def report() -> int:
            per = m.per_connection
            verdict = "meets" if per <= TARGET_KIB else "ABOVE"
            print()
            print(
                f"{'connections':>11} {'RSS before':>12} {'RSS after':>12} {'growth':>12} "
                f"{'KiB/conn':>9} {'RSS closed':>12}"
            )
            print(
                f"{m.connected:>11,} {m.before:>9,} KiB {m.after:>9,} KiB "
                f"{m.after - m.before:>9,} KiB {per:>9.1f} {m.closed:>9,} KiB"
            )
            print(
                f"\nRSS growth per idle subscribed connection: {per:.1f} KiB "
                f"({verdict} the {TARGET_KIB:.0f} KiB target); {m.connected:,} connections, "
                f"open-files limit {soft:,}"
            )
            _summary.write(
                opts.summary_json,
                {
                    "connected": m.connected,
                    "failed": m.failed,
                    "dropped": m.dropped,
                    "kib_per_connection": per,
                },
            )
            problems = []
            if m.failed:
                problems.append(f"{m.failed} clients failed to connect: {list(m.errors)}")
            if m.dropped:
                problems.append(f"{m.dropped} connections were closed by the server")
            if opts.strict and per > TARGET_KIB:
                problems.append(f"{per:.1f} KiB per connection is over {TARGET_KIB:.0f}")
            if problems:
                print("\nFAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
                return 1
            return 0

        return report

    return run_bench("realtime-memory", body)


if __name__ == "__main__":
    sys.exit(main())
