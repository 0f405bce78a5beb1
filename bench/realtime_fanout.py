"""Realtime fan-out benchmark: one chatroom, N websocket subscribers over 2 Streamz server
processes, messages sent over HTTP at rising rates; the same clients against a toy in-process
broadcast app; raw Redis PUBLISH->SUBSCRIBE; and the send acknowledgement vs room size.

    uv run python bench/realtime_fanout.py [--subscribers 1000] [--rates 5,10,20,50]
    uv run python bench/realtime_fanout.py --only-resume [--resume-clients 200]

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
5. Resume (still on the 2 Streamz processes; ``--only-resume`` runs just this, ``--skip-resume``
   leaves it out): 2 watchers (one per server, ``_realtime_clients.py``) keep the room live on
   both; ``--resume-behind`` (5,000) messages are sent in a burst through the same HTTP API (16
   in flight over both servers, each ack's ``seq`` kept: the head H). Then ``--resume-clients``
   (200) anonymous websocket clients (this file run as ``--resume-client``, in
   ``--client-processes`` processes, round-robin over both servers) connect, and on one signal
   each subscribes with ``resume_from`` = H - ``--resume-behind``; once every client has its
   ``subscribed`` answer (so each is exactly that far back: further would be a resync),
   ``--resume-live-rate`` (20) live messages/s are sent until every client reached H, and 2 s
   more, so the hand-over to live events is checked too. Each client checks that every
   durable event comes in seq order, once (resume_from+1, +2, ... with no hole), answers
   pings, and notes when it reached H; at the end every client must stand at the last live
   seq. Prints the time from the first subscribe to the last client reaching H, p50/p99 per
   client (its subscribe to its H), replayed events/s overall, and the
   gaps, duplicates, resyncs, errors and closes (all must be 0).

Exits 1 on a failed send, a failed or dropped connection, a lost delivery, or a resuming client
that saw a gap, a duplicate, a ``resync``, an ``error`` frame or a close (or never caught up);
2 if the setup failed; 130 on Ctrl-C/SIGTERM. Servers, client processes and services stop on
every path.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _summary
import httpx
import msgspec
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
from http_read import (
    HOST,
    Server,
    checkpoint,
    machine_cpu,
    run_interruptible,
    settings_for,
    tree_cpu,
)
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz.core.realtime.replay import MAX_REPLAY

TARGET_RATIO, TARGET_P99_MS, TARGET_ACK_RATIO = 0.5, 200.0, 1.5
THIS = Path(__file__).resolve()
LIVE_IN_FLIGHT = 32  # live sends of the resume step waiting for their 201 at most


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


# ---------------------------------------------------------------------------- resume


class RoomSenders:
    """Sends to the room over HTTP, message i on server ``i % servers`` as sender
    ``i % senders``, and keeps the seq each message took (the 201's ``seq``). A 429 is retried
    (it should not happen: the room's limit is raised) and counted."""

    def __init__(
        self, http: httpx.AsyncClient, ports: Sequence[int], room: ChatRoom, tokens: Sequence[str]
    ) -> None:
        self.http, self.ports, self.room, self.tokens = http, list(ports), room, list(tokens)
        self.path = SEND_PATH.format(slug=room.slug)
        self.retries = 0

    async def send(self, content: str, i: int) -> tuple[int | None, str | None]:
        """(the message's seq, None) or (None, the problem)."""
        url = f"http://{HOST}:{self.ports[i % len(self.ports)]}{self.path}"
        headers = {"Authorization": f"Bearer {self.tokens[i % len(self.tokens)]}"}
        problem = ""
        for attempt in range(6):
            try:
                answer = await self.http.post(
                    url, json={"content": content, "reply_to": None}, headers=headers
                )
            except httpx.HTTPError as error:
                return None, repr(error)
            if answer.status_code == 201:
                return int(answer.json()["seq"]), None
            problem = f"{answer.status_code} {answer.text[:200]}"
            if answer.status_code != 429:
                break
            self.retries += 1
            await asyncio.sleep(0.05 * 2**attempt)
        return None, problem


async def burst(
    senders: RoomSenders, count: int, label: str, parallel: int = 16
) -> tuple[list[int], list[str], float]:
    """``count`` messages, ``parallel`` in flight: their seqs, the failures, the seconds."""
    gate = asyncio.Semaphore(parallel)
    seqs: list[int] = []
    errors: list[str] = []

    async def one(i: int) -> None:
        async with gate:
            seq, problem = await senders.send(f"bench {label} {i} {time.time_ns() // 1000}", i)
        if seq is not None:
            seqs.append(seq)
        else:
            errors.append(problem or "?")

    t0 = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(count)))
    return seqs, errors, time.perf_counter() - t0


async def live_sender(
    senders: RoomSenders,
    rate: float,
    stop: asyncio.Event,
    acked: list[tuple[int, float, float]],
    errors: list[str],
) -> None:
    """Message i at t0 + i/``rate`` until ``stop``, at most ``LIVE_IN_FLIGHT`` unanswered (a
    slow server slows the sender rather than piling up requests in this process): (seq, wall
    clock of the 201, seconds it took) of each message."""
    tasks: list[asyncio.Task[None]] = []
    gate = asyncio.Semaphore(LIVE_IN_FLIGHT)

    async def one(i: int) -> None:
        try:
            t0 = time.perf_counter()
            seq, problem = await senders.send(f"bench rlive {i} {time.time_ns() // 1000}", i)
            if seq is not None:
                acked.append((seq, time.time(), time.perf_counter() - t0))
            else:
                errors.append(problem or "?")
        finally:
            gate.release()

    t0, i = time.perf_counter(), 0
    while not stop.is_set():
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            continue
        await gate.acquire()
        tasks.append(asyncio.create_task(one(i)))
        i += 1
    await asyncio.gather(*tasks)


@dataclass
class Resume:
    """The resume step: what was asked, what the resuming clients saw."""

    clients: int
    behind: int
    live_rate: float
    connected: int = 0
    after: int = 0  # resume_from
    head: int = 0  # the room's seq after the burst: each client's target
    final: int = 0  # the last live seq: where every client must stand at the end
    burst_rate: float = 0.0
    live_sent: int = 0
    live_before_done: int = 0  # live messages acked before the last client reached the head
    live_acks: list[float] = field(default_factory=list)  # seconds, HTTP 201 of each
    live_failed: int = 0
    live_seconds: float = 0.0  # how long live messages were sent
    cpu: dict[str, float] = field(default_factory=dict)  # cores, first subscribe -> all done
    started: float = 0.0  # wall clock of the first subscribe
    finished: float = 0.0  # ... and of the last client reaching the head
    per_client: list[float] = field(default_factory=list)  # its subscribe -> the head, s
    events: int = 0  # durable events received, over every client
    replayed: int = 0  # ... of them up to the head (what the resumes streamed)
    gaps: int = 0
    dups: int = 0
    resyncs: int = 0
    errors: int = 0
    closed: int = 0
    incomplete: int = 0  # never reached the head
    short: int = 0  # did not reach the last live seq
    close_codes: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return self.finished - self.started if self.finished > self.started else float("nan")

    def percentile(self, q: float, values: Sequence[float] | None = None) -> float:
        ordered = sorted(self.per_client if values is None else values)
        if not ordered:
            return float("nan")
        return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))]

    @property
    def failures(self) -> list[str]:
        out = [
            f"{n} {what}"
            for n, what in (
                (self.gaps, "events missing (gaps)"),
                (self.dups, "duplicate events"),
                (self.resyncs, "resync frames"),
                (self.errors, "error frames"),
                (self.closed, "connections closed"),
                (self.incomplete, "clients that never reached the head"),
                (self.short, "clients short of the last live seq"),
            )
            if n
        ]
        if self.connected < self.clients:
            out.append(f"only {self.connected} of {self.clients} resuming clients connected")
        return out

    def lines(self) -> list[str]:
        rate = self.replayed / self.seconds if self.seconds > 0 else float("nan")
        live = self.live_sent / self.live_seconds if self.live_seconds > 0 else float("nan")
        return [
            f"resume: {self.connected:,} clients x {self.behind:,} events behind (resume_from "
            f"{self.after:,}, head {self.head:,}), over 2 servers; {self.live_sent} live "
            f"messages meanwhile ({self.live_rate:g}/s asked, {live:.1f}/s sent; "
            f"{self.live_before_done} before the last client reached the head; last live seq "
            f"{self.final:,})",
            f"  replayed {self.replayed:,} events in {self.seconds:.1f} s (first subscribe -> "
            f"last client at the head): {rate:,.0f} events/s",
            f"  per client (its subscribe -> the head, {len(self.per_client)} clients that got "
            f"every event): p50 {self.percentile(50):.1f} s, p99 {self.percentile(99):.1f} s",
            f"  gaps {self.gaps}, duplicates {self.dups}, resyncs {self.resyncs}, errors "
            f"{self.errors}, closed {self.closed}, not at the head {self.incomplete}, short of "
            f"the last live seq {self.short} (durable events received: {self.events:,})",
            f"  live sends meanwhile: ack p50 {self.percentile(50, self.live_acks) * 1000:.0f} ms"
            f", p99 {self.percentile(99, self.live_acks) * 1000:.0f} ms, max "
            f"{max(self.live_acks, default=float('nan')) * 1000:.0f} ms, failed "
            f"{self.live_failed}",
            "  CPU while resuming (1.0 = one core): "
            + ", ".join(f"{k} {v:.2f}" for k, v in self.cpu.items()),
        ]


class ResumePool(ClientPool):
    """``count`` resuming clients over ``processes`` processes of this file (``--resume-client``),
    connected (welcomed) but not subscribed until ``tell("go")``."""

    def __init__(
        self, urls: list[str], count: int, processes: int, topic: str, after: int, head: int
    ) -> None:
        super().__init__(urls, count, processes, topic)
        self.after, self.head = after, head

    async def __aenter__(self) -> ResumePool:
        await super().__aenter__()
        return self

    async def open(self) -> None:
        share, extra = divmod(self.count, self.processes)
        for i in range(self.processes):
            argv = [sys.executable, str(THIS), RESUME_CLIENT]
            argv += ["--count", str(share + (i < extra)), "--topic", self.topic or ""]
            argv += ["--after", str(self.after), "--head", str(self.head)]
            for n in range(len(self.urls)):  # rotate, so each process spreads over every url
                argv += ["--url", self.urls[(i + n) % len(self.urls)]]
            self.procs.append(
                await asyncio.create_subprocess_exec(
                    *argv,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    start_new_session=True,
                    limit=64 * 1024 * 1024,
                )
            )
        for line in await asyncio.gather(*(self._line(p, 300) for p in self.procs)):
            self.connected += line["ready"]
            self.failed += line["failed"]
            self.errors += line["errors"]

    def tell(self, command: str) -> None:
        for proc in self.procs:
            assert proc.stdin is not None
            proc.stdin.write(command.encode() + b"\n")

    async def ask(self, command: str, wait: float = 60.0) -> list[dict[str, Any]]:
        self.tell(command)
        return list(await asyncio.gather(*(self._line(p, wait) for p in self.procs)))


async def settle(pool: ClientPool, label: str, want: int, seconds: float) -> int:
    """Deliveries of ``label`` the pool got, waiting up to ``seconds`` for ``want``."""
    got, deadline = 0, time.monotonic() + seconds
    while got < want and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        seen = await pool.report()
        if label in seen:
            got += seen[label].count
    return got


async def resume_step(
    senders: RoomSenders,
    urls: list[str],
    opts: Options,
    problems: list[str],
    cpu_roots: dict[str, list[int]],
) -> Resume:
    """Burst ``resume_behind`` messages, then ``resume_clients`` clients resume that far back at
    once while live messages keep coming; every client checks it got each seq once, in order."""
    result = Resume(opts.resume_clients, opts.resume_behind, opts.resume_live_rate)
    topic = senders.room.topic
    print(
        f"\nresume: {opts.resume_clients:,} clients, each {opts.resume_behind:,} events behind, "
        f"{opts.resume_live_rate:g} live msg/s meanwhile",
        flush=True,
    )
    # one watcher per server: the room is live on both (as it would be), memory holds its tail
    async with ClientPool(urls, len(urls), 1, topic) as watchers:
        connected(watchers, len(urls), problems)
        seqs, errors, seconds = await burst(senders, opts.resume_behind, "rburst")
        result.burst_rate = len(seqs) / seconds if seconds > 0 else 0.0
        if errors or not seqs:
            problems.append(f"resume burst: {len(errors)} failed sends: {errors[:3]}")
            return result
        result.head = max(seqs)
        result.after = result.head - opts.resume_behind
        result.final = result.head
        print(
            f"  burst: {len(seqs):,} messages in {seconds:.1f} s ({result.burst_rate:,.0f} msg/s"
            f", {senders.retries} retried 429s); head seq {result.head:,}, resume_from "
            f"{result.after:,}",
            flush=True,
        )
        want = opts.resume_behind * watchers.connected
        got = await settle(watchers, "rburst", want, 60.0)
        if got < want:
            problems.append(f"resume burst: watchers got {got:,} of {want:,} deliveries")
        checkpoint()
        reports, acked = await resume_clients(senders, urls, opts, result, problems, cpu_roots)
        await watchers.report()
        if watchers.closed:
            problems.append(f"resume: {watchers.closed} watchers closed")
    collect(result, reports, acked)
    if failures := result.failures:
        problems.append("resume: " + ", ".join(failures))
    return result


async def resume_clients(
    senders: RoomSenders,
    urls: list[str],
    opts: Options,
    result: Resume,
    problems: list[str],
    cpu_roots: dict[str, list[int]],
) -> tuple[list[dict[str, Any]], list[tuple[int, float, float]]]:
    """The resuming clients subscribe at once; live sends from then until every client reached
    the head, and 2 s more. Their reports, and (seq, ack time, ack seconds) of each live
    message."""
    async with ResumePool(
        urls,
        opts.resume_clients,
        opts.client_processes,
        senders.room.topic,
        result.after,
        result.head,
    ) as pool:
        result.connected = pool.connected
        print(f"  {pool.connected:,} of {opts.resume_clients:,} clients connected", flush=True)
        if pool.failed:
            problems.append(f"{pool.failed} resuming clients failed to connect: {pool.errors}")
        stop = asyncio.Event()
        acked: list[tuple[int, float, float]] = []
        live_errors: list[str] = []
        roots = {**cpu_roots, "clients": [p.pid for p in pool.procs]}
        cpu0 = {k: tree_cpu(v) for k, v in roots.items()}, machine_cpu(), time.perf_counter()
        pool.tell("go")
        # live messages start once every client was answered (it stands exactly
        # ``resume_behind`` back: further is a resync by the protocol), and flow while they
        # catch up: the hand-over to live is part of what is checked
        answered = time.monotonic() + 60
        while time.monotonic() < answered:
            status = await pool.ask("status")
            if sum(s["subscribed"] + s["dead"] for s in status) >= pool.connected:
                break
            await asyncio.sleep(0.05)
        live_started = time.perf_counter()
        sender = asyncio.create_task(
            live_sender(senders, opts.resume_live_rate, stop, acked, live_errors)
        )
        try:
            deadline = time.monotonic() + opts.resume_timeout
            while time.monotonic() < deadline:
                await asyncio.sleep(0.25)
                status = await pool.ask("status")
                if sum(s["done"] + s["dead"] for s in status) >= pool.connected:
                    break
            cpu1 = {k: tree_cpu(v) for k, v in roots.items()}, machine_cpu(), time.perf_counter()
            span = cpu1[2] - cpu0[2]
            result.cpu = {k: (cpu1[0][k] - cpu0[0][k]) / span for k in roots}
            busy = (cpu1[1] - cpu0[1]) / span
            result.cpu["rest (this process, Redis, other jobs)"] = busy - sum(result.cpu.values())
            await asyncio.sleep(2.0)  # live messages after every hand-over
        except BaseException:
            sender.cancel()
            raise
        stop.set()
        result.live_seconds = time.perf_counter() - live_started
        await sender
        result.live_failed = len(live_errors)
        if live_errors:
            problems.append(f"resume live sends: {len(live_errors)} failed: {live_errors[:3]}")
        result.final = max((seq for seq, _, _ in acked), default=result.head)
        return await pool.ask(f"finish {result.final}", 90.0), acked


def collect(
    result: Resume, reports: list[dict[str, Any]], acked: list[tuple[int, float, float]]
) -> None:
    rows = [row for report in reports for row in report["clients"]]
    sent = [row["sent"] for row in rows if row["sent"]]
    done = [row for row in rows if row["done"] is not None]
    result.started = min(sent, default=0.0)
    result.finished = max((row["done"] for row in done), default=0.0)
    result.per_client = [
        row["done"] - row["sent"] for row in done if not (row["gaps"] or row["resyncs"])
    ]
    result.live_sent = len(acked)
    result.live_before_done = sum(1 for _, at, _ in acked if at < result.finished)
    result.live_acks = [took for _, _, took in acked]
    result.incomplete = len(rows) - len(done)
    result.short = sum(1 for row in rows if row["last"] < result.final)
    for row in rows:
        result.events += row["events"]
        result.replayed += row["replayed"]
        result.gaps += row["gaps"]
        result.dups += row["dups"]
        result.resyncs += row["resyncs"]
        result.errors += row["errors"]
        if row["closed"] is not None:
            result.closed += 1
            result.close_codes[row["closed"]] = result.close_codes.get(row["closed"], 0) + 1
    for report in reports:
        result.samples += report["samples"]
    if result.close_codes or result.samples:
        print(f"  close codes {result.close_codes}; first problems: {result.samples[:5]}")


# ------------------------------------------------------- resume client (a process of its own)

RESUME_CLIENT = "--resume-client"
PONG = '{"type":"pong"}'


class _Frame(msgspec.Struct):
    """What a resuming client reads of each frame (the rest is skipped)."""

    type: str = ""
    seq: int | None = None


class Resumer:
    """One connection: subscribes with ``resume_from`` = ``after`` and checks each durable
    event is the next seq (a hole: ``gaps`` += the seqs missing; an old one: ``dups``)."""

    __slots__ = (
        "after",
        "closed",
        "conn",
        "done",
        "dups",
        "errors",
        "events",
        "gaps",
        "head",
        "last",
        "replayed",
        "resyncs",
        "samples",
        "sent",
        "subscribed",
    )

    def __init__(self, conn: ClientConnection, after: int, head: int) -> None:
        self.conn, self.after, self.head, self.last = conn, after, head, after
        self.sent = 0.0  # wall clock of the subscribe
        self.subscribed = False  # its answer came
        self.done: float | None = None  # ... and of reaching ``head``
        self.events = self.replayed = self.gaps = self.dups = self.resyncs = self.errors = 0
        self.closed: str | None = None
        self.samples: list[str] = []

    async def run(self, topic: str) -> None:
        conn, decode = self.conn, _DECODER.decode
        subscribe = {"type": "subscribe", "id": "r", "topic": topic, "resume_from": self.after}
        try:
            self.sent = time.time()
            await conn.send(json.dumps(subscribe))
            while True:
                raw = await conn.recv(decode=False)
                frame = decode(raw)
                kind, seq = frame.type, frame.seq
                if kind == "event":
                    if seq is None:
                        continue  # not durable (viewer counts)
                    self.events += 1
                    if seq <= self.head:
                        self.replayed += 1
                    if seq <= self.last:
                        self.dups += 1
                        continue
                    self.gaps += seq - self.last - 1
                    self.last = seq
                    if self.done is None and seq >= self.head:
                        self.done = time.time()
                elif kind == "ping":
                    await conn.send(PONG)
                elif kind == "subscribed":
                    self.subscribed = True
                elif kind == "resync":
                    self.resyncs += 1
                    self.last = max(self.last, seq or 0)  # not counted again as a gap
                    self._sample(raw)
                elif kind == "error":
                    self.errors += 1
                    self._sample(raw)
        except ConnectionClosed as closed:
            self.closed = str(closed.rcvd.code) if closed.rcvd is not None else "none"
        except (msgspec.DecodeError, OSError) as error:
            self.errors += 1
            self.closed = "client"
            self.samples.append(repr(error)[:200])

    def _sample(self, raw: bytes) -> None:
        if len(self.samples) < 3:
            self.samples.append(raw[:200].decode(errors="replace"))

    def row(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "done": self.done,
            "last": self.last,
            "events": self.events,
            "replayed": self.replayed,
            "gaps": self.gaps,
            "dups": self.dups,
            "resyncs": self.resyncs,
            "errors": self.errors,
            "closed": self.closed,
        }


_DECODER = msgspec.json.Decoder(_Frame)


async def resume_client(argv: Sequence[str]) -> None:
    """Connect ``--count`` clients (welcome read); then on stdin, one JSON line out each:
    ``go`` (no answer): every client subscribes with ``resume_from``; ``status``:
    ``{"done", "dead", "subscribed"}`` (at the head; closed before it; answered);
    ``finish <seq>``: wait up to 30 s for every client to reach ``seq``, then
    ``{"clients": [rows], "samples": [...]}``; ``quit``."""
    parser = argparse.ArgumentParser(prog=RESUME_CLIENT)
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--after", type=int, required=True)
    parser.add_argument("--head", type=int, required=True)
    args = parser.parse_args(argv)
    gate = asyncio.Semaphore(50)
    errors: list[str] = []
    conns: list[ClientConnection] = []

    async def one(i: int) -> None:
        async with gate:
            try:
                conn = await connect(
                    args.url[i % len(args.url)], compression=None, open_timeout=60, max_queue=1024
                )
                await asyncio.wait_for(conn.recv(), 60)  # welcome
            except Exception as error:  # counted and reported to the parent
                errors.append(repr(error)[:300])
                return
        conns.append(conn)

    await asyncio.gather(*(one(i) for i in range(args.count)))
    out = sys.stdout
    out.write(json.dumps({"ready": len(conns), "failed": len(errors), "errors": errors[:5]}) + "\n")
    out.flush()
    resumers = [Resumer(c, args.after, args.head) for c in conns]
    tasks: list[asyncio.Task[None]] = []
    try:
        await commands(resumers, args.topic, tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def close(conn: ClientConnection) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(conn.close(), 5)

    await asyncio.gather(*(close(c) for c in conns))


async def commands(resumers: list[Resumer], topic: str, tasks: list[asyncio.Task[None]]) -> None:
    """Answer the parent's lines on stdin until ``quit`` or the end of input."""
    out = sys.stdout
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := (await reader.readline()).strip():
        answer: dict[str, Any] | None = None
        if line == b"go" and not tasks:
            tasks += [asyncio.create_task(r.run(topic)) for r in resumers]
        elif line == b"status":
            done = sum(1 for r in resumers if r.done is not None)
            dead = sum(1 for r in resumers if r.done is None and r.closed is not None)
            subscribed = sum(1 for r in resumers if r.subscribed)
            answer = {"done": done, "dead": dead, "subscribed": subscribed}
        elif line.startswith(b"finish "):
            final = int(line.split()[1])
            for _ in range(300):  # up to 30 s for every client to reach ``final``
                if not any(r.closed is None and r.last < final for r in resumers):
                    break
                await asyncio.sleep(0.1)
            samples = [s for r in resumers for s in r.samples][:10]
            answer = {"clients": [r.row() for r in resumers], "samples": samples}
        elif line == b"quit":
            return
        if answer is not None:
            out.write(json.dumps(answer) + "\n")
            out.flush()


def run_resume_client(argv: Sequence[str]) -> None:
    try:
        import uvloop
    except ImportError:
        asyncio.run(resume_client(argv))
    else:
        uvloop.run(resume_client(argv))


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
    skip_resume: bool
    resume_clients: int
    resume_behind: int
    resume_live_rate: float
    resume_timeout: float
    summary_json: str | None = None


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
    parser.add_argument("--skip-resume", action="store_true")
    parser.add_argument(
        "--only-resume", action="store_true", help="the resume step alone (no Redis/ramp/toy/ack)"
    )
    parser.add_argument("--resume-clients", type=int, default=200)
    parser.add_argument(
        "--resume-behind", type=int, default=MAX_REPLAY, help="events each client resumes behind"
    )
    parser.add_argument(
        "--resume-live-rate", type=float, default=20.0, help="live msg/s during the resume"
    )
    parser.add_argument(
        "--resume-timeout", type=float, default=600.0, help="seconds for every client to catch up"
    )
    _summary.add_option(parser)
    ns = parser.parse_args(argv)
    rates = [float(r) for r in ns.rates.split(",") if r.strip()]
    if not rates or min(rates) <= 0 or ns.subscribers < 1 or ns.seconds <= 0:
        parser.error("--rates, --subscribers and --seconds must be positive")
    if ns.resume_clients < 1 or ns.resume_behind < 1 or ns.resume_live_rate <= 0:
        parser.error("--resume-clients, --resume-behind and --resume-live-rate must be positive")
    if ns.only_resume and ns.skip_resume:
        parser.error("--only-resume and --skip-resume exclude each other")
    only = ns.only_resume
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
        ns.skip_toy or only,
        ns.skip_ack or only,
        ns.skip_ramp or only,
        ns.skip_resume,
        ns.resume_clients,
        ns.resume_behind,
        ns.resume_live_rate,
        ns.resume_timeout,
        ns.summary_json,
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


def redis_step(bench: Bench, opts: Options, problems: list[str]) -> float:
    redis_rate, redis_lost = run_interruptible(
        redis_pubsub(bench.urls.redis_url or "", opts.redis_messages, 600), None
    )
    print(
        f"Redis PUBLISH->SUBSCRIBE: {redis_rate:,.0f} msg/s (600-byte payloads, one "
        f"publisher in pipelines of 100, one subscriber; lost {redis_lost})",
        flush=True,
    )
    if redis_lost:
        problems.append(f"Redis pub/sub lost {redis_lost} messages")
    return redis_rate


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    soft, hard = raise_nofile()
    need = max(opts.subscribers, opts.large_room, opts.resume_clients)
    print(f"open files limit: {soft} (hard {hard}); CPU cores: {os.cpu_count()}", flush=True)

    def body(bench: Bench) -> Callable[[], int]:
        settings = settings_for(bench.urls, bench.tmp / "data", opts.pool_size)
        room = run_interruptible(make_room(settings, opts.senders), None)
        print(f"room {room.slug}: {len(room.senders)} senders, rate limit raised", flush=True)
        steps: list[Step] = []
        problems: list[str] = []
        redis_rate = 0.0 if opts.skip_ramp else redis_step(bench, opts, problems)
        servers = [
            streamz_server(bench.urls, bench.tmp, f"streamz-{i}", opts.pool_size) for i in (1, 2)
        ]
        # the servers verify with the key in their data dir, which this process signs with
        issuer = LocalIssuer(
            bench.tmp / "data" / "jwt-signing-key.pem",
            issuer=settings.auth.issuer,
            audience=settings.auth.audience,
        )
        tokens = [issuer.issue(s) for s in room.senders]
        ack_steps: list[Step] = []
        resumed: list[Resume] = []
        try:
            started(servers)
            post_to = (servers[0].port, room, tokens)
            run_interruptible(
                streamz_side(
                    post_to, servers, bench.postgres_pid, opts, steps, ack_steps, resumed, problems
                ),
                None,
            )
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
            if steps or ack_steps:
                print()
                print(table(steps + ack_steps))
                print(
                    "(deliv/s: deliveries received / (last delivery - first send); p50/p99: "
                    "send->receive; ack: HTTP 201 of the send)"
                )
            summary(steps, ack_steps, redis_rate, opts, problems)
            _summary.write(opts.summary_json, key_figures(steps, ack_steps, problems))
            for r in resumed:
                print("\n".join(r.lines()))
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
    servers: Sequence[Server],
    postgres_pid: int | None,
    opts: Options,
    steps: list[Step],
    ack_steps: list[Step],
    resumed: list[Resume],
    problems: list[str],
) -> None:
    urls = [ws_url(s) for s in servers]
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as http:
        post = streamz_poster(http, *post_to)
        if (problem := await post("hello there", 0)) is not None:
            raise RuntimeError(f"probe send failed: {problem}")
        topic = post_to[1].topic
        if not opts.skip_ramp:
            print(f"\nStreamz: 2 processes, {opts.subscribers:,} subscribers", flush=True)
            async with ClientPool(urls, opts.subscribers, opts.client_processes, topic) as pool:
                connected(pool, opts.subscribers, problems)
                steps.extend(await ramp("streamz", pool, post, opts))
        if not opts.skip_ack:
            print("\nsend acknowledgement vs room size (Streamz):", flush=True)
            for size in (opts.small_room, opts.large_room):
                processes = max(1, min(8, size // 1250 + 1, opts.client_processes * 2))
                # the subscribers' processes run niced: they stand in for remote devices, and
                # on 2 cores they would otherwise delay the process that times the ack
                async with ClientPool(urls, size, processes, topic, nice=10) as pool:
                    connected(pool, size, problems)
                    warm = Step("ack", "warm", opts.ack_rate, pool.connected)
                    await run_step(pool, warm, 2.0, post, opts.drain)
                    step = Step("ack", f"a{size}", opts.ack_rate, pool.connected)
                    ack_steps.append(await run_step(pool, step, opts.seconds, post, opts.drain))
        if not opts.skip_resume:
            senders = RoomSenders(http, [s.port for s in servers], post_to[1], post_to[2])
            cpu_roots = {"servers": [s.pid for s in servers]}
            if postgres_pid is not None:
                cpu_roots["postgres"] = [postgres_pid]
            resumed.append(await resume_step(senders, urls, opts, problems, cpu_roots))


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
    if redis_rate:
        print(f"Redis PUBLISH->SUBSCRIBE (context): {redis_rate:,.0f} msg/s")
    streamz, toy = best("streamz"), best("toy")
    if streamz or toy:
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


def key_figures(
    steps: Sequence[Step], ack_steps: Sequence[Step], problems: Sequence[str]
) -> dict[str, float]:
    """``--summary-json``: best deliveries/s per side, p99 at 70% of Streamz's maximum, the ack
    p50 of the small and the large room, problems found."""
    figures: dict[str, float] = {"problems": len(problems)}
    for side in ("streamz", "toy"):
        rates = [s.deliveries_per_s for s in steps if s.side == side]
        if rates:
            figures[f"{side}.deliveries_per_s"] = max(rates)
        at70 = next((s for s in steps if s.side == side and s.label == "at70"), None)
        if at70 is not None:
            figures[f"{side}.at70_p99_ms"] = at70.received.percentile(99)
    if len(ack_steps) == 2:
        figures["ack.small_p50_ms"] = ack_steps[0].ack(50)
        figures["ack.large_p50_ms"] = ack_steps[1].ack(50)
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == [RESUME_CLIENT]:
        run_resume_client(sys.argv[2:])
        sys.exit(0)
    sys.exit(main())
