"""``http_read``'s load generator, extended for the chat benchmarks (``chat_send``,
``chat_history``): each connection takes its requests from its own *source* (a callable
returning fresh request bytes and a marker its response must hold), so a connection can POST
as one sender with its own token and a new body every time; the expected status is a
parameter (201 for a send). Also a closed-loop driver for coroutines (a raw asyncpg baseline
at the same concurrency), measured the same way; and ``run_bench``, the services-and-exit-codes
frame both benchmarks run in.

Reused from ``http_read`` as is: ``Load`` (what was measured, percentiles), ``_Run.record``
(measured window, error samples, ``--max-requests``), the keep-alive ``_Connection``'s
connect/fail/lost handling, the ``/proc`` CPU accounting and ``run_interruptible``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from http_read import (
    HOST,
    Load,
    _Connection,
    _Run,
    checkpoint,
    install_stop_handlers,
    local_services,
    machine_cpu,
    run_interruptible,
    tree_cpu,
)

from streamz.entrypoints import migrations
from streamz_dev.localservices import ServiceUrls

# one request: (the bytes to write, a byte string that a good response body holds)
Source = Callable[[], tuple[bytes, bytes]]
Op = Callable[[], Awaitable[str | None]]  # one operation of a closed loop: a problem, or None


def get_request(port: int, target: str) -> bytes:
    return f"GET {target} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode()


def json_post(port: int, target: str, token: str) -> Callable[[Any], bytes]:
    """``body -> request bytes`` for POSTs of JSON to ``target`` with a bearer token."""
    head = (
        f"POST {target} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\nContent-Length: "
    ).encode()

    def request(body: Any) -> bytes:
        data = json.dumps(body, separators=(",", ":")).encode()
        return b"%s%d\r\n\r\n%s" % (head, len(data), data)

    return request


class SourcedRun(_Run):
    """A run whose requests come from each connection's source; ``expect``: the good status."""

    def __init__(self, expect: int, max_requests: int) -> None:
        super().__init__(0, "", (), max_requests)  # no shared request list
        self.expect = expect


class SourcedConnection(_Connection):
    """``_Connection`` sending what its source gives and checking the status ``expect``."""

    def __init__(self, run: SourcedRun, closed: asyncio.Future[str | None], source: Source) -> None:
        super().__init__(run, closed)
        self.source = source
        self.expect = run.expect

    def _send(self) -> None:
        if self.run.stopping:
            super()._send()  # closes the connection
            return
        request, marker = self.source()
        self.marker, self.in_flight, self.head_end, self.need = marker, True, -1, -1
        del self.buffer[:]
        assert self.transport is not None
        self.started = time.perf_counter()
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.need < 0 and not self._head():
            return
        if len(self.buffer) < self.need:
            return
        done = time.perf_counter()
        body = bytes(self.buffer[self.head_end : self.need])
        problem = None
        if self.status != self.expect:
            problem = f"status {self.status}: {body[:300].decode(errors='replace')}"
        elif self.marker not in body:
            problem = f"{self.status} without {self.marker!r}: {body[:200]!r}"
        elif len(self.buffer) > self.need:
            problem = "extra bytes after the response"
        self.in_flight = False
        self.run.record(self.started, done, problem)
        self._send()

    def _head(self) -> bool:
        """Parse the response head once it is complete; False: not yet (or failed)."""
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        lines = bytes(self.buffer[:end]).lower().split(b"\r\n")
        self.status = int(lines[0][9:12])
        sizes = [v for k, _, v in (h.partition(b":") for h in lines[1:]) if k == b"content-length"]
        if not sizes:
            self._fail(f"status {self.status}, response without content-length")
            return False
        self.head_end = end + 4
        self.need = self.head_end + int(sizes[0])
        return True


async def _connect_loop(run: SourcedRun, port: int, source: Source) -> None:
    """One connection kept busy until the run stops (reconnects if the server drops it)."""
    loop = asyncio.get_running_loop()
    while not run.stopping:
        closed: asyncio.Future[str | None] = loop.create_future()
        factory = functools.partial(SourcedConnection, run, closed, source)
        try:
            await loop.create_connection(factory, HOST, port)
        except OSError as error:
            failed = time.perf_counter()
            run.record(failed, failed, f"connect failed: {error!r}")
            await asyncio.sleep(0.1)
        else:
            await closed  # until the server or the run closes it


async def _op_loop(run: SourcedRun, op: Op) -> None:
    """One closed-loop worker: ``op`` again and again until the run stops."""
    while not run.stopping:
        started = time.perf_counter()
        try:
            problem = await op()
        except Exception as error:  # every failure is a counted error
            problem = repr(error)
        run.record(started, time.perf_counter(), problem)


async def _windowed(
    run: SourcedRun,
    workers: Sequence[Coroutine[Any, Any, None]],
    *,
    warmup: float,
    seconds: float,
    server_pid: int | None,
    postgres_pid: int | None,
) -> Load:
    """Run ``workers``; measure ``seconds`` after ``warmup``, with the CPU of each party."""
    tasks = [asyncio.create_task(w) for w in workers]
    server, pg = [server_pid] if server_pid else [], [postgres_pid] if postgres_pid else []

    def cpu() -> tuple[float, ...]:
        return time.process_time(), tree_cpu(server), tree_cpu(pg), machine_cpu()

    try:
        await asyncio.sleep(warmup)
        before, t0 = cpu(), time.perf_counter()
        run.measuring = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(run.full.wait(), timeout=seconds)
        run.measuring = False
        after, t1 = cpu(), time.perf_counter()
        run.stopping = True
        await asyncio.wait(tasks, timeout=10)
    finally:
        run.stopping = True
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    load = run.load
    load.seconds = t1 - t0
    if load.requests == 0:
        load.errors["no response in the measured window"] += 1
    shares = [(b - a) / load.seconds for a, b in zip(before, after, strict=True)]
    load.client_cpu, load.server_cpu, load.postgres_cpu = shares[:3]
    load.other_cpu = max(0.0, shares[3] - sum(shares[:3]))
    return load


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    with contextlib.suppress(ImportError):
        import uvloop

        return uvloop.new_event_loop
    return None


def http_load(
    port: int,
    sources: Sequence[Source],
    *,
    expect: int,
    warmup: float,
    seconds: float,
    max_requests: int = 10**9,
    server_pid: int | None,
    postgres_pid: int | None,
) -> Load:
    """One keep-alive connection per source (``len(sources)`` = the concurrency)."""

    async def go() -> Load:
        run = SourcedRun(expect, max_requests)
        workers = [_connect_loop(run, port, s) for s in sources]
        return await _windowed(
            run,
            workers,
            warmup=warmup,
            seconds=seconds,
            server_pid=server_pid,
            postgres_pid=postgres_pid,
        )

    return run_interruptible(go(), _loop_factory())


def closed_loop(
    start: Callable[[], Awaitable[Sequence[Op]]],
    stop: Callable[[], Awaitable[None]],
    *,
    warmup: float,
    seconds: float,
    postgres_pid: int | None,
) -> Load:
    """``await start()`` gives one op per worker; each worker loops on its op; then ``stop``.
    The work runs in this process, so its CPU is the ``client`` share."""

    async def go() -> Load:
        ops = await start()
        try:
            run = SourcedRun(0, 10**9)
            return await _windowed(
                run,
                [_op_loop(run, op) for op in ops],
                warmup=warmup,
                seconds=seconds,
                server_pid=None,
                postgres_pid=postgres_pid,
            )
        finally:
            await stop()

    return run_interruptible(go(), _loop_factory())


@dataclass(frozen=True)
class Bench:
    """What a benchmark's body gets: a scratch dir (``data/``: the server's data dir), the
    migrated services, the database DSN for asyncpg, the postmaster's pid (CPU accounting)."""

    tmp: Path
    urls: ServiceUrls
    dsn: str
    postgres_pid: int | None


def run_bench(
    name: str, body: Callable[[Bench], Callable[[], int]], *, ephemeral: bool = True
) -> int:
    """Run ``body`` with fresh local services, then the report it returns once they stopped.

    Exit codes: the report's (0 or 1); 2 if the setup failed; 130 on Ctrl-C / SIGTERM. The
    services and the scratch dir are removed on every path (servers: ``body``'s own ``finally``).
    """
    install_stop_handlers()
    tmp = Path(tempfile.mkdtemp(prefix=f"streamz-bench-{name}-", dir="/tmp"))
    tmp.chmod(0o755)  # postgres runs as an unprivileged user and must traverse it
    (tmp / "data").mkdir()
    print("starting local PostgreSQL, Redis, Typesense ...", flush=True)
    try:
        with local_services(tmp, ephemeral=ephemeral) as (services, urls):
            migrations.upgrade(urls.database_url)
            checkpoint()
            postmaster = services.postgres.postmaster()
            dsn = urls.database_url.replace("+asyncpg", "")
            report = body(Bench(tmp, urls, dsn, postmaster[0] if postmaster else None))
    except KeyboardInterrupt:
        print(f"\n{name}: interrupted; stopped the server and the services", file=sys.stderr)
        return 130
    except (RuntimeError, OSError, httpx.HTTPError, asyncpg.PostgresError) as error:
        print(f"\n{name}: setup failed: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report()


def figures(name: str, load: Load, unit: str = "msg") -> str:
    """One result: rate, latency, errors, and where the CPU went."""
    cpu = f"server {load.server_cpu:.2f} ({load.server_us_per_request:.0f} us/{unit}), "
    if not load.server_cpu:
        cpu = ""
    return (
        f"  {name:<20} {load.rps:>7,.0f} {unit}/s   p50 {load.percentile(50):7.2f} ms   "
        f"p99 {load.percentile(99):7.2f} ms   errors {load.error_count}\n"
        f"  {'':<20} {load.requests:,} in {load.seconds:.1f} s; CPU (1.0 = one core): {cpu}"
        f"postgres {load.postgres_cpu:.2f}, this process {load.client_cpu:.2f}, "
        f"rest {load.other_cpu:.2f}"
    )
