"""HTTP read benchmark: GET channel-by-slug, full Streamz stack vs a bare Litestar + asyncpg app.

    uv run python bench/http_read.py [--seconds 10] [--concurrency 32] [--server both]

Starts ephemeral local PostgreSQL/Redis/Typesense, migrates, registers ``--accounts`` accounts
through the real ``RegisterAccount`` use case, then for each server (uvicorn, granian) runs, one
worker each, with the same DB pool size and logging at WARNING:

- full stack: ``streamzctl serve``, ``GET /public/v1/channels/{slug}`` (anonymous);
- baseline: ``bench/_baseline_app.py``, ``GET /channels/{slug}``: one SELECT ... JOIN on a raw
  asyncpg pool, the same JSON.

The load generator is this process: ``--concurrency`` HTTP/1.1 keep-alive connections on raw
asyncio (uvloop if present), random seeded slugs, a ``--warmup`` that is not measured, then
``--seconds`` (or ``--max-requests``) measured. Exits non-zero if any request fails.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import functools
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TypeVar, cast

import _summary
import httpx

from streamz.container import make_container
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.entrypoints import migrations
from streamz.settings import DatabaseSettings, LogSettings, Settings
from streamz_dev.localservices import LocalServices, ServiceUrls

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
FULL_PATH = "/public/v1/channels/"
BASELINE_PATH = "/channels/"
SERVERS = ("uvicorn", "granian")
RATE_LIMIT = 1_000_000  # per minute: high enough that the bench never gets a 429
FULL_DOES = (
    "streamzctl serve: Litestar with request-id/access-log middleware (log calls filtered at "
    "WARNING), dishka request container, public_principal -> Authenticate (anonymous) + "
    f"per-IP rate-limit hit in Redis (limit raised to {RATE_LIMIT:,}/min so it never trips), "
    "GetChannel use case -> the request's asyncpg unit (one SELECT channels JOIN accounts, no "
    "transaction for a read), msgspec ChannelOut"
)
BASELINE_DOES = (
    "bench/_baseline_app.py: bare Litestar handler, asyncpg pool.fetchrow of one "
    "SELECT channels JOIN accounts WHERE slug = $1 (no explicit transaction), msgspec struct "
    "of the same JSON shape"
)


# ---------------------------------------------------------------------------- stopping


class _Stop:
    """Ctrl-C / SIGTERM: raise KeyboardInterrupt, and remember it for ``checkpoint()`` in case
    the exception lands somewhere that swallows it (a weakref callback, a thread pool)."""

    requested = False
    deferring = 0  # > 0: only note the request (see ``signals_deferred``)
    signals: tuple[signal.Signals, ...] = ()  # the signals routed to ``_interrupt``


def _interrupt(signum: int, frame: FrameType | None) -> None:
    _Stop.requested = True
    if not _Stop.deferring:
        raise KeyboardInterrupt


def install_stop_handlers() -> None:
    routed = [signal.SIGTERM]
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not if started ignored
        routed.append(signal.SIGINT)
    for sig in routed:
        signal.signal(sig, _interrupt)
    _Stop.signals = tuple(routed)


def checkpoint() -> None:
    if _Stop.requested:
        raise KeyboardInterrupt


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Act on Ctrl-C / SIGTERM only after the block (starting processes we must track).

    Not a blocked signal mask: children would inherit it and ignore our SIGTERM."""
    _Stop.deferring += 1
    try:
        yield
    finally:
        _Stop.deferring -= 1
    checkpoint()


# ---------------------------------------------------------------------------- results


@dataclass
class Load:
    """What one load run measured."""

    requests: int = 0  # completed in the measured window
    seconds: float = 0.0  # length of the measured window
    latencies: list[float] = field(default_factory=list)  # seconds, measured window only
    errors: collections.Counter[str] = field(default_factory=collections.Counter)  # all phases
    error_samples: list[str] = field(default_factory=list)
    client_cpu: float = 0.0  # share of one core, measured window
    server_cpu: float = 0.0
    postgres_cpu: float = 0.0
    other_cpu: float = 0.0  # everything else on the machine (other users' jobs, kernel)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))
        return ordered[rank] * 1000

    @property
    def server_us_per_request(self) -> float:
        return self.server_cpu * self.seconds / self.requests * 1e6 if self.requests else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass(frozen=True)
class Result:
    server: str
    side: str  # "baseline" | "full stack"
    load: Load


# ---------------------------------------------------------------------------- CPU accounting

_TICK = os.sysconf("SC_CLK_TCK")


def _proc_table() -> dict[int, tuple[int, float]]:
    """pid -> (ppid, user+system CPU seconds) for every process we can read."""
    table: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                raw = fh.read()
        except OSError:
            continue
        fields = raw[raw.rindex(b")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK)
    return table


def machine_cpu() -> float:
    """Busy CPU seconds of the whole machine so far, all cores (from /proc/stat)."""
    with open("/proc/stat", "rb") as fh:
        fields = fh.readline().split()
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / _TICK


def tree_cpu(roots: Sequence[int]) -> float:
    """CPU seconds used so far by the processes rooted at ``roots`` (live ones)."""
    table = _proc_table()
    children: dict[int, list[int]] = collections.defaultdict(list)
    for pid, (ppid, _) in table.items():
        children[ppid].append(pid)
    total, todo, seen = 0.0, [r for r in roots if r in table], set[int]()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += table[pid][1]
        todo.extend(children.get(pid, []))
    return total


# ---------------------------------------------------------------------------- load generator


class _Run:
    """Shared state of one load run: requests to send, what was measured, when to stop."""

    def __init__(self, port: int, path: str, slugs: Sequence[str], max_requests: int) -> None:
        host = f"{HOST}:{port}".encode()
        # ``path`` is a prefix the slug is appended to, or holds a ``{slug}`` placeholder
        targets = [path.replace("{slug}", s) if "{slug}" in path else path + s for s in slugs]
        self.requests = [
            b"GET " + t.encode() + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n" for t in targets
        ]
        self.markers = [b'"slug":"' + s.encode() + b'"' for s in slugs]
        self.max_requests = max_requests
        self.load = Load()
        self.measuring = False
        self.stopping = False
        self.full = asyncio.Event()

    def record(self, started: float, done: float, problem: str | None) -> None:
        if problem is not None:
            self.load.errors[problem] += 1
            if len(self.load.error_samples) < 5:
                self.load.error_samples.append(problem)
        if not self.measuring:
            return
        self.load.requests += 1
        if problem is None:
            self.load.latencies.append(done - started)
        if self.load.requests >= self.max_requests:
            self.measuring = False
            self.full.set()


class _Connection(asyncio.Protocol):
    """One keep-alive connection: send a request, read its response, send the next."""

    def __init__(self, run: _Run, closed: asyncio.Future[str | None]) -> None:
        self.run = run
        self.closed = closed
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.head_end = -1
        self.need = -1
        self.status = 0
        self.marker = b""
        self.started = 0.0
        self.in_flight = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self._send()

    def _send(self) -> None:
        assert self.transport is not None
        if self.run.stopping:
            self.in_flight = False
            self.transport.close()
            return
        i = random.randrange(len(self.run.requests))
        self.marker = self.run.markers[i]
        self.buffer.clear()
        self.head_end = self.need = -1
        self.in_flight = True
        self.started = time.perf_counter()
        self.transport.write(self.run.requests[i])

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if self.need < 0:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buffer[:end]).lower()
            self.status = int(head[9:12])
            at = head.find(b"\r\ncontent-length:")
            if at < 0:
                self._fail(f"status {self.status}, response without content-length")
                return
            stop = head.find(b"\r\n", at + 2)
            length = int(head[at + 17 : stop if stop >= 0 else len(head)])
            self.head_end = end + 4
            self.need = self.head_end + length
        if len(buffer) < self.need:
            return
        done = time.perf_counter()
        problem = None
        if self.status != 200:
            body = bytes(buffer[self.head_end : self.need])[:200].decode(errors="replace")
            problem = f"status {self.status}: {body}"
        elif buffer.find(self.marker, self.head_end, self.need) < 0:
            problem = "200 with a body for another slug"
        elif len(buffer) > self.need:
            problem = "extra bytes after the response"
        self.in_flight = False
        self.run.record(self.started, done, problem)
        self._send()

    def _fail(self, problem: str) -> None:
        self.in_flight = False
        self.run.record(self.started, time.perf_counter(), problem)
        assert self.transport is not None
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        lost = None
        if self.in_flight:
            lost = f"connection lost mid-request ({exc!r})"
            self.run.record(self.started, time.perf_counter(), lost)
        if not self.closed.done():
            self.closed.set_result(lost)


async def _drive(run: _Run, port: int) -> None:
    """Keep one connection busy until the run stops; reconnect if the server drops it."""
    loop = asyncio.get_running_loop()
    while not run.stopping:
        closed: asyncio.Future[str | None] = loop.create_future()
        try:
            await loop.create_connection(functools.partial(_Connection, run, closed), HOST, port)
        except OSError as error:
            run.record(time.perf_counter(), time.perf_counter(), f"connect failed: {error!r}")
            await asyncio.sleep(0.1)
            continue
        await closed


async def _load(
    port: int,
    path: str,
    slugs: Sequence[str],
    *,
    concurrency: int,
    warmup: float,
    seconds: float,
    max_requests: int,
    server_pid: int,
    postgres_pid: int | None,
) -> Load:
    run = _Run(port, path, slugs, max_requests)
    drivers = [asyncio.create_task(_drive(run, port)) for _ in range(concurrency)]
    pg = [postgres_pid] if postgres_pid else []
    try:
        await asyncio.sleep(warmup)
        cpu0 = (time.process_time(), tree_cpu([server_pid]), tree_cpu(pg), machine_cpu())
        t0 = time.perf_counter()
        run.measuring = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(run.full.wait(), timeout=seconds)
        run.measuring = False
        t1 = time.perf_counter()
        cpu1 = (time.process_time(), tree_cpu([server_pid]), tree_cpu(pg), machine_cpu())
        run.stopping = True
        await asyncio.wait(drivers, timeout=10)
    finally:
        run.stopping = True
        for task in drivers:
            task.cancel()
        await asyncio.gather(*drivers, return_exceptions=True)
    load = run.load
    load.seconds = t1 - t0
    if load.requests == 0:
        load.errors["no response in the measured window"] += 1
    client, server, postgres, machine = (
        (b - a) / load.seconds for a, b in zip(cpu0, cpu1, strict=True)
    )
    load.client_cpu, load.server_cpu, load.postgres_cpu = client, server, postgres
    load.other_cpu = max(0.0, machine - client - server - postgres)
    return load


def run_interruptible(
    work: Coroutine[None, None, T], loop_factory: Callable[[], asyncio.AbstractEventLoop] | None
) -> T:
    """``asyncio.run`` where Ctrl-C / SIGTERM cancel ``work`` (no KeyboardInterrupt raised inside
    callbacks, which uvloop would report and drop) and then raise KeyboardInterrupt here."""

    async def guarded() -> T:
        loop, main = asyncio.get_running_loop(), asyncio.current_task()
        assert main is not None
        for sig in _Stop.signals:
            loop.add_signal_handler(sig, main.cancel)
        try:
            return await work
        finally:
            for sig in _Stop.signals:
                loop.remove_signal_handler(sig)

    if _Stop.requested:
        work.close()
        raise KeyboardInterrupt
    try:
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            return runner.run(guarded())
    except asyncio.CancelledError:
        _Stop.requested = True
        raise KeyboardInterrupt from None
    finally:
        for sig in _Stop.signals:
            signal.signal(sig, _interrupt)


def run_load(
    server: Server, path: str, slugs: Sequence[str], args: Options, postgres_pid: int | None
) -> Load:
    """Run the load generator against ``server`` on a fresh event loop (uvloop if installed)."""
    factory: Callable[[], asyncio.AbstractEventLoop] | None = None
    with contextlib.suppress(ImportError):
        import uvloop

        factory = uvloop.new_event_loop
    return run_interruptible(
        _load(
            server.port,
            path,
            slugs,
            concurrency=args.concurrency,
            warmup=args.warmup,
            seconds=args.seconds,
            max_requests=args.max_requests,
            server_pid=server.pid,
            postgres_pid=postgres_pid,
        ),
        factory,
    )


# ---------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A server subprocess in its own process group, stopped (group-wide) on exit."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log = log
        self.port = int(env["BENCH_PORT"])
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with signals_deferred(), self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://{HOST}:{self.port}/health"
        while time.monotonic() < deadline:
            checkpoint()
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer {url} in {timeout:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join("    " + line for line in text.splitlines()[-lines:])

    def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(wait)
                break
        with contextlib.suppress(ProcessLookupError):  # leftovers of the group (granian workers)
            os.killpg(proc.pid, signal.SIGKILL)


def server_env(urls: ServiceUrls, data_dir: Path, server: str, pool: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMZ_", "GRANIAN_"))}
    port = free_port()
    env.update(
        STREAMZ_DATABASE_URL=urls.database_url,
        STREAMZ_REDIS_URL=urls.redis_url,
        STREAMZ_TYPESENSE_URL=urls.typesense_url,
        STREAMZ_TYPESENSE_API_KEY=urls.typesense_api_key,
        STREAMZ_DATA_DIR=str(data_dir),
        STREAMZ_HOST=HOST,
        STREAMZ_PORT=str(port),
        STREAMZ_SERVER=server,
        STREAMZ_WORKERS="1",
        STREAMZ_DB_POOL_SIZE=str(pool),
        STREAMZ_LOG_LEVEL="WARNING",
        STREAMZ_PUBLIC_RATE_LIMIT=str(RATE_LIMIT),  # every request is still counted in Redis
        STREAMZ_PRIVATE_RATE_LIMIT=str(RATE_LIMIT),
        STREAMZ_WS_CONNECTIONS_PER_IP=str(RATE_LIMIT),  # bench clients all come from loopback
        BENCH_PORT=str(port),
    )
    return env


def full_stack(urls: ServiceUrls, tmp: Path, server: str, pool: int) -> Server:
    env = server_env(urls, tmp / "data", server, pool)
    return Server(f"{server} full stack", [str(BIN / "streamzctl"), "serve"], env, tmp / "full.log")


def baseline(urls: ServiceUrls, tmp: Path, server: str, pool: int) -> Server:
    env = server_env(urls, tmp / "data", server, pool)
    port, target = env["BENCH_PORT"], "bench._baseline_app:create_app"
    if server == "uvicorn":
        argv = [str(BIN / "uvicorn"), target, "--factory", "--host", HOST, "--port", port]
        argv += ["--workers", "1", "--log-level", "warning", "--no-access-log"]
    else:
        argv = [str(BIN / "granian"), "--interface", "asgi", "--factory", "--host", HOST]
        argv += ["--port", port, "--workers", "1", "--log-level", "warning", target]
    return Server(f"{server} baseline", argv, env, tmp / "baseline.log")


def check_same_json(full: Server, base: Server, slugs: Sequence[str]) -> None:
    """Both sides must answer the same JSON for the same slug."""
    for slug in slugs:
        a = httpx.get(f"http://{HOST}:{full.port}{FULL_PATH}{slug}", timeout=10.0)
        b = httpx.get(f"http://{HOST}:{base.port}{BASELINE_PATH}{slug}", timeout=10.0)
        if a.status_code != 200 or b.status_code != 200 or a.json() != b.json():
            raise RuntimeError(
                f"full stack and baseline differ for {slug!r}:\n"
                f"  full stack {a.status_code}: {a.text}\n  baseline   {b.status_code}: {b.text}"
            )


# ---------------------------------------------------------------------------- services + data


def settings_for(urls: ServiceUrls, data_dir: Path, pool: int) -> Settings:
    return Settings(
        data_dir=data_dir,
        database=DatabaseSettings(pool_size=pool),
        log=LogSettings(level="WARNING"),
    ).with_services(urls.database_url, urls.redis_url, urls.typesense_url, urls.typesense_api_key)


async def seed(settings: Settings, count: int) -> list[str]:
    """Register ``count`` accounts through ``RegisterAccount``; returns their channel slugs."""
    container = make_container(settings)
    gate = asyncio.Semaphore(max(1, min(8, settings.database.pool_size)))

    async def register(i: int) -> str:
        async with gate, container() as request:
            use_case = await request.get(RegisterAccount)
            registration = await use_case(
                RegisterAccountRequest(
                    Principal.system(), f"id-{i}", f"user_{i}", f"u{i}@example.com"
                )
            )
            return registration.channel.slug

    try:
        return list(await asyncio.gather(*(register(i) for i in range(count))))
    finally:
        await container.close()


# ---------------------------------------------------------------------------- report


def _ms(value: float) -> str:
    return f"{value:.2f}"


def describe(result: Result) -> str:
    load = result.load
    return (
        f"  {result.side:<10}  {load.rps:>9,.0f} req/s   p50 {_ms(load.percentile(50)):>7} ms   "
        f"p99 {_ms(load.percentile(99)):>7} ms   errors {load.error_count}\n"
        f"  {'':<10}  {load.requests:,} requests in {load.seconds:.1f} s; CPU (1.0 = one core): "
        f"server {load.server_cpu:.2f} ({load.server_us_per_request:.0f} us/request),\n"
        f"  {'':<10}  postgres {load.postgres_cpu:.2f}, load client {load.client_cpu:.2f}, "
        f"rest of machine {load.other_cpu:.2f}"
    )


def ratios(full: Load, base: Load) -> tuple[float, float, float]:
    return (
        full.rps / base.rps if base.rps else float("nan"),
        full.percentile(50) / base.percentile(50),
        full.percentile(99) / base.percentile(99),
    )


def table(results: Sequence[Result]) -> str:
    lines = [
        f"{'server':<8}  {'side':<10}  {'req/s':>9}  {'p50 ms':>8}  {'p99 ms':>8}  {'errors':>6}"
    ]
    by_server: dict[str, dict[str, Load]] = collections.defaultdict(dict)
    for r in results:
        by_server[r.server][r.side] = r.load
        lines.append(
            f"{r.server:<8}  {r.side:<10}  {r.load.rps:>9,.0f}  {_ms(r.load.percentile(50)):>8}  "
            f"{_ms(r.load.percentile(99)):>8}  {r.load.error_count:>6}"
        )
    for server, sides in by_server.items():
        if {"full stack", "baseline"} <= sides.keys():
            rps, p50, p99 = ratios(sides["full stack"], sides["baseline"])
            lines.append(
                f"{server:<8}  {'full/base':<10}  {rps:>9.2f}  {p50:>7.2f}x  {p99:>7.2f}x  {'':>6}"
            )
    return "\n".join(lines)


# ---------------------------------------------------------------------------- main


@dataclass(frozen=True)
class Options:
    seconds: float
    concurrency: int
    server: str
    warmup: float
    max_requests: int
    accounts: int
    pool_size: int
    summary_json: str | None = None


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per side")
    parser.add_argument("--concurrency", type=int, default=32, help="keep-alive connections")
    parser.add_argument("--server", choices=[*SERVERS, "both"], default="both")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="per measured run")
    parser.add_argument("--accounts", type=int, default=1000, help="accounts/channels to seed")
    parser.add_argument("--pool-size", type=int, default=10, help="DB pool size, both sides")
    _summary.add_option(parser)
    ns = parser.parse_args(argv)
    if ns.seconds <= 0 or ns.concurrency < 1 or ns.accounts < 1 or ns.pool_size < 1:
        parser.error("--seconds, --concurrency, --accounts and --pool-size must be positive")
    return Options(
        seconds=ns.seconds,
        concurrency=ns.concurrency,
        server=ns.server,
        warmup=ns.warmup,
        max_requests=ns.max_requests,
        accounts=ns.accounts,
        pool_size=ns.pool_size,
        summary_json=ns.summary_json,
    )


@contextlib.contextmanager
def local_services(
    tmp: Path, *, ephemeral: bool = True
) -> Iterator[tuple[LocalServices, ServiceUrls]]:
    """The three servers on free ports; ``ephemeral``: PostgreSQL without fsync and with
    asynchronous commit (fast; a crash of it may lose the last acknowledged commits)."""
    services = LocalServices(tmp / "services", ephemeral=ephemeral, fixed_ports=False)
    try:
        with signals_deferred():  # an interrupted start would not record the pids to stop
            urls = services.start()
        yield services, urls
    finally:
        services.stop()


def bench_server(
    server: str, urls: ServiceUrls, tmp: Path, slugs: Sequence[str], opts: Options, pg: int | None
) -> list[Result]:
    results: list[Result] = []
    base = baseline(urls, tmp, server, opts.pool_size)
    full = full_stack(urls, tmp, server, opts.pool_size)
    try:
        for s in (base, full):
            s.start()
        for s in (base, full):
            s.wait_ready()
        check_same_json(full, base, random.sample(list(slugs), min(5, len(slugs))))
        for side, s, path in (("baseline", base, BASELINE_PATH), ("full stack", full, FULL_PATH)):
            load = run_load(s, path, slugs, opts, pg)
            result = Result(server, side, load)
            results.append(result)
            print(describe(result), flush=True)
            if load.error_count:
                print(f"    first errors: {json.dumps(load.error_samples, indent=2)}")
                print(f"    {side} server log (tail):\n{s.tail()}")
    finally:
        for s in (full, base):
            s.stop()
    full_load, base_load = results[1].load, results[0].load
    rps, p50, p99 = ratios(full_load, base_load)
    verdict = "meets the 0.5 target" if rps >= 0.5 else "BELOW the 0.5 target"
    if rps >= 0.8:
        verdict = "meets the 0.8 aim"
    print(
        f"  full/baseline: req/s {rps:.2f} ({verdict}); p50 {p50:.2f}x, p99 {p99:.2f}x",
        flush=True,
    )
    return results


def header(opts: Options, slugs: int) -> str:
    def para(first: str, text: str) -> str:
        return textwrap.fill(
            text, width=100, initial_indent=first, subsequent_indent=" " * len(first)
        )

    return "\n".join(
        [
            "",
            para(
                "",
                f"GET channel by slug: {opts.concurrency} keep-alive connections, random slugs of "
                f"{slugs:,}; {opts.warmup:g} s warm-up (not measured) + {opts.seconds:g} s "
                f"measured per side; 1 worker, DB pool {opts.pool_size} on both sides; logging "
                "at WARNING on both sides (no access log).",
            ),
            para("  full stack: ", FULL_DOES),
            para("  baseline:   ", BASELINE_DOES),
            para(
                "  caveat:     ",
                f"{os.cpu_count()} CPU cores shared by the server, PostgreSQL, this load client "
                "(raw asyncio + uvloop, one process) and whatever else runs on the machine; each "
                "run prints the CPU shares ('rest of machine' = all other processes).",
            ),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    install_stop_handlers()
    servers = SERVERS if opts.server == "both" else (opts.server,)
    tmp = Path(tempfile.mkdtemp(prefix="streamz-bench-", dir="/tmp"))
    tmp.chmod(0o755)  # postgres runs as an unprivileged user and must traverse it
    (tmp / "data").mkdir()
    results: list[Result] = []
    try:
        print("starting local PostgreSQL, Redis, Typesense ...", flush=True)
        with local_services(tmp) as (services, urls):
            checkpoint()
            migrations.upgrade(urls.database_url)
            checkpoint()
            started = time.perf_counter()
            settings = settings_for(urls, tmp / "data", opts.pool_size)
            slugs = run_interruptible(seed(settings, opts.accounts), None)
            checkpoint()
            print(
                f"seeded {len(slugs):,} accounts + channels via RegisterAccount "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            postmaster = services.postgres.postmaster()
            pg = postmaster[0] if postmaster else None
            print(header(opts, len(slugs)), flush=True)
            for server in servers:
                print(f"\n{server}:", flush=True)
                results += bench_server(server, urls, tmp, slugs, opts, pg)
                checkpoint()
    except KeyboardInterrupt:
        print("\ninterrupted; stopped servers and local services", file=sys.stderr)
        return 130
    except (RuntimeError, OSError, httpx.HTTPError) as error:
        print(f"\nerror: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(table(results))
    print("(full/base: req/s ratio, target >= 0.5, aim 0.8; latency ratios, lower is better)")
    if len(servers) > 1:
        fulls = {r.server: r.load.rps for r in results if r.side == "full stack"}
        best = max(fulls, key=lambda name: fulls[name])
        other = min(fulls, key=lambda name: fulls[name])
        print(
            f"\nfaster for the full stack: {best} ({fulls[best]:,.0f} vs "
            f"{fulls[other]:,.0f} req/s, {fulls[best] / fulls[other]:.2f}x)"
        )
    errors = sum(r.load.error_count for r in results)
    _summary.write(opts.summary_json, summary(results))
    if errors:
        print(f"\nFAILED: {errors} request(s) failed", file=sys.stderr)
        return 1
    return 0


def summary(results: Sequence[Result]) -> dict[str, float]:
    """``--summary-json``: per server, ``{server}.{full|base}.{rps|p50_ms|p99_ms|us_per_request}``
    and ``errors``."""
    figures: dict[str, float] = {"errors": sum(r.load.error_count for r in results)}
    for r in results:
        prefix = f"{r.server}.{'base' if r.side == 'baseline' else 'full'}"
        figures |= _summary.load_figures(prefix, r.load)
        figures[f"{prefix}.us_per_request"] = r.load.server_us_per_request
    return figures


if __name__ == "__main__":
    sys.exit(main())
