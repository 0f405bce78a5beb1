"""Realtime fan-out benchmark: one chatroom, N websocket subscribers over 2 Streamz server
processes, messages sent over HTTP at rising rates; the same clients against a toy in-process
broadcast app; raw Redis PUBLISH->SUBSCRIBE; and the send acknowledgement vs room size.

    uv run python bench/realtime_fanout.py [--subscribers 1000] [--rates 5,10,20,50]

Starts ephemeral local PostgreSQL/Redis/Typesense (``local_services``), migrates, registers a
room owner and ``--senders`` senders (``RegisterAccount``) and raises the room's chat rate limit
(``UpdateChatSettings``: 1,000 per 1 s per sender). Then:

1. Redis: one ``redis.asyncio`` publisher (pipelines of 100) and one subscriber, on the bench's
   Redis: messages/s received.
2. Streamz: 2 ``streamzctl serve`` processes (uvicorn, 1 worker each) on the same services;
   ``--subscribers`` anonymous websocket clients (``--client-processes`` processes, the
   ``websockets`` library, round-robin over both servers) subscribed to ``chatroom:<slug>``.
   At each rate, ``--seconds`` of sends (open loop: message i at t0 + i/rate) through
   ``POST /private/v1/channels/{slug}/chatroom/messages`` on server 1, session JWTs signed with
   the local issuer's key, content ``bench <step> <i> <sent microseconds>``; the clients time
   each delivery. Then one more step at 70% of the highest deliveries/s reached.
3. Toy: the same with ``bench/_realtime_toy.py`` (2 uvicorn processes, each message POSTed to
   both, each broadcasting to its own sockets) and the same client processes.
4. Ack vs room size: ``--ack-rate`` sends per second for ``--seconds`` to a room with
   ``--small-room`` then ``--large-room`` subscribers: p50 of the HTTP 201. The subscribers'
   client processes run under ``nice -n 10`` here (they stand in for remote devices; on a
   2-core machine they otherwise compete with this process, which times the 201).

Exits 1 on a failed send, a failed or dropped connection or a lost delivery; 2 if the setup
failed; 130 on Ctrl-C/SIGTERM. Servers, client processes and services stop on every path.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx
import redis.asyncio as aioredis
from _chat_load import Bench, run_bench
from _realtime_support import (
    SEND_PATH,
    ChatRoom,
    ClientPool,
    StepResult,
    make_room,
    raise_nofile,
    streamz_server,
    toy_server,
    ws_url,
)
from http_read import HOST, Server, checkpoint, run_interruptible, settings_for

from streamz.adapters.jwks.local_issuer import LocalIssuer

TARGET_RATIO, TARGET_P99_MS, TARGET_ACK_RATIO = 0.5, 200.0, 1.5


@dataclass
class Step:
    """One step: what was sent and what the clients received."""

    side: str
    label: str
    rate: float
    subscribers: int
    sent: int = 0
    send_errors: list[str] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)  # seconds
    started: float = 0.0  # wall clock of the first send
    received: StepResult = field(default_factory=StepResult)
    closed: int = 0  # connections closed during the step

    @property
    def expected(self) -> int:
        return (self.sent - len(self.send_errors)) * self.subscribers

    @property
    def lost(self) -> int:
        return max(0, self.expected - self.received.count)

    @property
    def deliveries_per_s(self) -> float:
        span = self.received.last - self.started
        return self.received.count / span if span > 0 and self.received.count else 0.0

    def ack(self, q: float) -> float:
        if not self.acks:
            return float("nan")
        ordered = sorted(self.acks)
        return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))] * 1000

    def line(self) -> str:
        r = self.received
        return (
            f"  {self.side:<8} {self.label:<6} {self.rate:>6.1f} msg/s x {self.subscribers:,}: "
            f"{self.deliveries_per_s:>8,.0f} deliveries/s   p50 {r.percentile(50):7.1f} ms   "
            f"p99 {r.percentile(99):7.1f} ms   ack p50 {self.ack(50):6.1f} ms   "
            f"sent {self.sent}, send errors {len(self.send_errors)}, lost {self.lost:,}, "
            f"closed {self.closed}"
        )


# ---------------------------------------------------------------------------- senders


async def send_step(
    step: Step, seconds: float, post: Callable[[str, int], asyncio.Task[str | None]]
) -> None:
    """Open loop: message i at t0 + i/rate; ``post(content, i)`` answers a problem or None."""
    total = max(1, round(step.rate * seconds))
    tasks: list[asyncio.Task[None]] = []
    t0 = time.perf_counter()
    step.started = time.time()

    async def one(i: int) -> None:
        content = f"bench {step.label} {i} {time.time_ns() // 1000}"
        started = time.perf_counter()
        problem = await post(content, i)
        if problem is None:
            step.acks.append(time.perf_counter() - started)
        else:
            step.send_errors.append(problem)

    for i in range(total):
        delay = t0 + i / step.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
        step.sent += 1
    await asyncio.gather(*tasks)


def streamz_poster(
    http: httpx.AsyncClient, port: int, room: ChatRoom, tokens: Sequence[str]
) -> Callable[[str, int], asyncio.Task[str | None]]:
    path = SEND_PATH.format(slug=room.slug)

    async def post(content: str, i: int) -> str | None:
        headers = {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}
        try:
            answer = await http.post(
                f"http://{HOST}:{port}{path}",
                json={"content": content, "reply_to": None},
                headers=headers,
            )
        except httpx.HTTPError as error:
            return repr(error)
        return None if answer.status_code == 201 else f"{answer.status_code} {answer.text[:200]}"

    return lambda content, i: asyncio.ensure_future(post(content, i))


def toy_poster(
    http: httpx.AsyncClient, ports: Sequence[int]
) -> Callable[[str, int], asyncio.Task[str | None]]:
    async def one(port: int, content: str) -> str | None:
        try:
            answer = await http.post(f"http://{HOST}:{port}/broadcast", content=content)
        except httpx.HTTPError as error:
            return repr(error)
        return None if answer.status_code == 201 else f"{answer.status_code} {answer.text[:200]}"

    async def post(content: str, i: int) -> str | None:
        problems = await asyncio.gather(*(one(p, content) for p in ports))
        return next((p for p in problems if p is not None), None)

    return lambda content, i: asyncio.ensure_future(post(content, i))


async def run_step(
    pool: ClientPool,
    step: Step,
    seconds: float,
    post: Callable[[str, int], asyncio.Task[str | None]],
    drain: float,
) -> Step:
    await send_step(step, seconds, post)
    deadline = time.monotonic() + drain + 30
    while True:  # until every delivery arrived, or ``drain`` s without a new one
        await asyncio.sleep(drain)
        seen = await pool.report()
        got = seen.get(step.label)
        if got is not None:
            merged = step.received
            merged.count += got.count
            merged.first, merged.last = min(merged.first, got.first), max(merged.last, got.last)
            for k, v in got.hist.items():
                merged.hist[k] = merged.hist.get(k, 0) + v
        step.closed = pool.closed
        if got is None or step.lost == 0 or time.monotonic() > deadline:
            break
    print(step.line(), flush=True)
    if step.send_errors:
        print(f"    first send errors: {step.send_errors[:3]}", flush=True)
    return step


async def ramp(
    side: str,
    pool: ClientPool,
    post: Callable[[str, int], asyncio.Task[str | None]],
    opts: Options,
) -> list[Step]:
    """Each rate in turn, then one step at 70% of the highest deliveries/s reached."""
    steps: list[Step] = []
    warm = Step(side, "warm", min(opts.rates), pool.connected)
    await run_step(pool, warm, 2.0, post, opts.drain)  # not reported in the table
    for n, rate in enumerate(opts.rates):
        checkpoint()
        step = Step(side, f"r{n}", rate, pool.connected)
        steps.append(await run_step(pool, step, opts.seconds, post, opts.drain))
    best = max(s.deliveries_per_s for s in steps)
    rate70 = max(0.5, 0.7 * best / max(1, pool.connected))
    steps.append(
        await run_step(pool, Step(side, "at70", rate70, pool.connected), opts.seconds, post, 3.0)
    )
    return steps


# ---------------------------------------------------------------------------- Redis


async def redis_pubsub(url: str, messages: int, size: int) -> tuple[float, int]:
    """One publisher (pipelines of 100 PUBLISH), one subscriber: messages/s received, lost."""
    sub_client, pub_client = aioredis.from_url(url), aioredis.from_url(url)
    pubsub = sub_client.pubsub()
    payload = b"x" * size
    try:
        await pubsub.subscribe("bench:fanout")
        while (await pubsub.get_message(timeout=1.0)) is None:
            pass  # the subscribe confirmation
        received = 0

        async def consume() -> None:
            nonlocal received
            while received < messages:
                message = await pubsub.get_message(timeout=5.0)
                if message is None:
                    return
                if message["type"] == "message":
                    received += 1

        t0 = time.perf_counter()
        consumer = asyncio.create_task(consume())
        for start in range(0, messages, 100):
            async with pub_client.pipeline(transaction=False) as pipe:
                for _ in range(min(100, messages - start)):
                    pipe.publish("bench:fanout", payload)
                await pipe.execute()
        await consumer
        elapsed = time.perf_counter() - t0
        return received / elapsed, messages - received
    finally:
        await pubsub.aclose()  # type: ignore[no-untyped-call]
        await sub_client.aclose()
        await pub_client.aclose()


# ---------------------------------------------------------------------------- main


@dataclass(frozen=True)
class Options:
    subscribers: int
    rates: list[float]
    seconds: float
    drain: float
    client_processes: int
    senders: int
    small_room: int
    large_room: int
    ack_rate: float
    pool_size: int
    redis_messages: int
    skip_toy: bool
    skip_ack: bool
    skip_ramp: bool


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--rates", default="5,10,20,50", help="messages/s, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="sending time per step")
    parser.add_argument("--drain", type=float, default=1.0, help="quiet seconds ending a step")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--small-room", type=int, default=50)
    parser.add_argument("--large-room", type=int, default=5000)
    parser.add_argument("--ack-rate", type=float, default=2.0, help="sends/s, ack vs room size")
    parser.add_argument("--pool-size", type=int, default=10)
    parser.add_argument("--redis-messages", type=int, default=200_000)
    parser.add_argument("--skip-toy", action="store_true")
    parser.add_argument("--skip-ack", action="store_true")
    parser.add_argument(
        "--skip-ramp", action="store_true", help="no Redis step and no rate ramp (ack only)"
    )
    ns = parser.parse_args(argv)
    rates = [float(r) for r in ns.rates.split(",") if r.strip()]
    if not rates or min(rates) <= 0 or ns.subscribers < 1 or ns.seconds <= 0:
        parser.error("--rates, --subscribers and --seconds must be positive")
    return Options(
        ns.subscribers,
        rates,
        ns.seconds,
        ns.drain,
        ns.client_processes,
        ns.senders,
        ns.small_room,
        ns.large_room,
        ns.ack_rate,
        ns.pool_size,
        ns.redis_messages,
        ns.skip_toy,
        ns.skip_ack,
        ns.skip_ramp,
    )


def started(servers: Sequence[Server]) -> None:
    for s in servers:
        s.start()
    for s in servers:
        s.wait_ready()


def table(steps: Sequence[Step]) -> str:
    lines = [
        f"{'side':<8} {'step':<6} {'msg/s':>6} {'subs':>6} {'deliv/s':>9} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'ack p50':>8} {'ack p99':>8} {'lost':>6} {'errors':>6}"
    ]
    for s in steps:
        r = s.received
        lines.append(
            f"{s.side:<8} {s.label:<6} {s.rate:>6.1f} {s.subscribers:>6} "
            f"{s.deliveries_per_s:>9,.0f} {r.percentile(50):>8.1f} {r.percentile(99):>8.1f} "
            f"{s.ack(50):>8.1f} {s.ack(99):>8.1f} {s.lost:>6} {len(s.send_errors):>6}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    soft, hard = raise_nofile()
    need = max(opts.subscribers, opts.large_room)
    print(f"open files limit: {soft} (hard {hard}); CPU cores: {os.cpu_count()}", flush=True)

    def body(bench: Bench) -> Callable[[], int]:
        settings = settings_for(bench.urls, bench.tmp / "data", opts.pool_size)
        room = run_interruptible(make_room(settings, opts.senders), None)
        print(f"room {room.slug}: {len(room.senders)} senders, rate limit raised", flush=True)
        steps: list[Step] = []
        problems: list[str] = []
        redis_rate, redis_lost = (
            (0.0, 0)
            if opts.skip_ramp
            else run_interruptible(
                redis_pubsub(bench.urls.redis_url or "", opts.redis_messages, 600), None
            )
        )
        print(
            f"Redis PUBLISH->SUBSCRIBE: {redis_rate:,.0f} msg/s (600-byte payloads, one "
            f"publisher in pipelines of 100, one subscriber; lost {redis_lost})",
            flush=True,
        )
        if redis_lost:
            problems.append(f"Redis pub/sub lost {redis_lost} messages")
        servers = [
            streamz_server(bench.urls, bench.tmp, f"streamz-{i}", opts.pool_size) for i in (1, 2)
        ]
        # the servers verify with the key in their data dir, which this process signs with
        issuer = LocalIssuer(
            bench.tmp / "data" / "jwt-signing-key.pem",
            issuer=settings.issuer,
            audience=settings.jwt_audience,
        )
        tokens = [issuer.issue(s) for s in room.senders]
        ack_steps: list[Step] = []
        try:
            started(servers)
            post_to = (servers[0].port, room, tokens)
            urls = [ws_url(s) for s in servers]
            run_interruptible(streamz_side(post_to, urls, opts, steps, ack_steps, problems), None)
        finally:
            for s in servers:
                s.stop()
        if not opts.skip_toy:
            toys = [toy_server(bench.urls, bench.tmp, f"toy-{i}") for i in (1, 2)]
            try:
                started(toys)
                run_interruptible(toy_side(toys, opts, steps, problems), None)
            finally:
                for t in toys:
                    t.stop()

        def report() -> int:
            print()
            print(table(steps + ack_steps))
            print(
                "(deliv/s: deliveries received / (last delivery - first send); p50/p99: "
                "send->receive; ack: HTTP 201 of the send)"
            )
            summary(steps, ack_steps, redis_rate, opts, problems)
            for s in steps + ack_steps:
                if s.send_errors:
                    problems.append(f"{s.side} {s.label}: {len(s.send_errors)} failed sends")
                if s.lost:
                    problems.append(f"{s.side} {s.label}: {s.lost:,} deliveries lost")
                if s.closed:
                    problems.append(f"{s.side} {s.label}: {s.closed} connections closed")
            if problems:
                print("\nFAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
                return 1
            return 0

        return report

    if need > soft - 200:
        print(f"warning: {need:,} sockets need more than the open-files limit allows", flush=True)
    return run_bench("realtime-fanout", body)


async def streamz_side(
    post_to: tuple[int, ChatRoom, list[str]],
    urls: list[str],
    opts: Options,
    steps: list[Step],
    ack_steps: list[Step],
    problems: list[str],
) -> None:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as http:
        post = streamz_poster(http, *post_to)
        if (problem := await post("hello there", 0)) is not None:
            raise RuntimeError(f"probe send failed: {problem}")
        topic = post_to[1].topic
        print(f"\nStreamz: 2 processes, {opts.subscribers:,} subscribers", flush=True)
        if not opts.skip_ramp:
            async with ClientPool(urls, opts.subscribers, opts.client_processes, topic) as pool:
                connected(pool, opts.subscribers, problems)
                steps.extend(await ramp("streamz", pool, post, opts))
        if opts.skip_ack:
            return
        print("\nsend acknowledgement vs room size (Streamz):", flush=True)
        for size in (opts.small_room, opts.large_room):
            processes = max(1, min(8, size // 1250 + 1, opts.client_processes * 2))
            # the subscribers' processes run niced: they stand in for remote devices, and on 2
            # cores they would otherwise delay the process that times the acknowledgement
            async with ClientPool(urls, size, processes, topic, nice=10) as pool:
                connected(pool, size, problems)
                warm = Step("ack", "warm", opts.ack_rate, pool.connected)
                await run_step(pool, warm, 2.0, post, opts.drain)
                step = Step("ack", f"a{size}", opts.ack_rate, pool.connected)
                ack_steps.append(await run_step(pool, step, opts.seconds, post, opts.drain))


async def toy_side(
    toys: Sequence[Server], opts: Options, steps: list[Step], problems: list[str]
) -> None:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as http:
        post = toy_poster(http, [t.port for t in toys])
        print(f"\ntoy: 2 processes, {opts.subscribers:,} sockets", flush=True)
        urls = [ws_url(t) for t in toys]
        async with ClientPool(urls, opts.subscribers, opts.client_processes, None) as pool:
            connected(pool, opts.subscribers, problems)
            steps.extend(await ramp("toy", pool, post, opts))


def connected(pool: ClientPool, wanted: int, problems: list[str]) -> None:
    print(f"  {pool.connected:,} of {wanted:,} clients connected and subscribed", flush=True)
    if pool.failed:
        problems.append(f"{pool.failed} clients failed to connect: {pool.errors[:3]}")


def summary(
    steps: Sequence[Step],
    ack_steps: Sequence[Step],
    redis_rate: float,
    opts: Options,
    problems: list[str],
) -> None:
    def best(side: str) -> float:
        return max((s.deliveries_per_s for s in steps if s.side == side), default=0.0)

    def at70(side: str) -> Step | None:
        return next((s for s in steps if s.side == side and s.label == "at70"), None)

    print()
    print(f"Redis PUBLISH->SUBSCRIBE (context): {redis_rate:,.0f} msg/s")
    streamz, toy = best("streamz"), best("toy")
    print(f"max deliveries/s: Streamz {streamz:,.0f}, toy {toy:,.0f}")
    if toy:
        ratio = streamz / toy
        verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
        print(f"Streamz/toy deliveries/s: {ratio:.2f} ({verdict} the {TARGET_RATIO} target)")
    for side in ("streamz", "toy"):
        step = at70(side)
        if step is not None:
            p99 = step.received.percentile(99)
            verdict = "meets" if p99 <= TARGET_P99_MS else "ABOVE"
            print(
                f"{side} p99 at 70% of max ({step.rate:.1f} msg/s, "
                f"{step.deliveries_per_s:,.0f} deliveries/s): {p99:.1f} ms "
                f"({verdict} the {TARGET_P99_MS:.0f} ms target)"
            )
    if len(ack_steps) == 2:
        small, large = ack_steps
        ratio = large.ack(50) / small.ack(50)
        verdict = "meets" if ratio <= TARGET_ACK_RATIO else "ABOVE"
        print(
            f"send ack p50: {large.subscribers:,} subscribers {large.ack(50):.1f} ms / "
            f"{small.subscribers:,} subscribers {small.ack(50):.1f} ms = {ratio:.2f} "
            f"({verdict} the {TARGET_ACK_RATIO} target)"
        )
        if large.subscribers < opts.large_room:
            print(f"  (only {large.subscribers:,} of {opts.large_room:,} could connect)")


if __name__ == "__main__":
    sys.exit(main())
