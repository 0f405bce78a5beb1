"""What the realtime benchmarks share: the open-files limit, a process's RSS, one chatroom with
senders (through the real use cases, as ``chat_send`` sets rooms up), Streamz and toy servers
(``http_read.Server``), and pools of websocket client processes (``_realtime_clients.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chat_send import SYSTEM, call, in_requests, register
from http_read import BIN, HOST, Server, server_env

from streamz.core.chat.update_settings import UpdateChatSettings, UpdateChatSettingsRequest
from streamz.settings import Settings
from streamz_dev.localservices import ServiceUrls

CLIENTS = Path(__file__).with_name("_realtime_clients.py")
SEND_PATH = "/private/v1/channels/{slug}/chatroom/messages"
# per sender: 1,000 messages in any 1 s window, the most the settings allow: never refused
ROOM_SETTINGS = {"rate_limit_messages": 1000, "rate_limit_window_seconds": 1}


def raise_nofile() -> tuple[int, int]:
    """Raise the soft open-files limit to the hard one (children inherit it); both limits."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def rss_kib(pid: int) -> int:
    """VmRSS in KiB (``/proc/<pid>/status``) of the process serving the connections: ``pid``,
    or, when it has child processes, their sum (``streamzctl serve`` on uvicorn runs its
    workers as children of a supervisor, even with one worker)."""
    children = [
        int(c)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for c in (task / "children").read_text().split()
    ]
    if children:
        return sum(rss_kib(c) for c in children)
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


@dataclass(frozen=True)
class ChatRoom:
    slug: str
    senders: list[str]  # identity ids (session JWT subjects)

    @property
    def topic(self) -> str:
        return f"chatroom:{self.slug}"


async def make_room(settings: Settings, senders: int) -> ChatRoom:
    """An owner's channel (``RegisterAccount``) whose chat rate limit is raised
    (``UpdateChatSettings``), and ``senders`` registered accounts (verified email)."""
    names = ["room_owner", *(f"sender_{i}" for i in range(senders))]
    done = await in_requests(settings, [register(n) for n in names])
    slug = done[0].channel.slug
    await in_requests(
        settings, [call(UpdateChatSettings, UpdateChatSettingsRequest(SYSTEM, slug, ROOM_SETTINGS))]
    )
    return ChatRoom(slug, [f"id-{n}" for n in names[1:]])


def streamz_server(urls: ServiceUrls, tmp: Path, name: str, pool: int) -> Server:
    """``streamzctl serve`` on uvicorn, 1 worker (one process), logging at WARNING."""
    env = server_env(urls, tmp / "data", "uvicorn", pool)
    return Server(name, [str(BIN / "streamzctl"), "serve"], env, tmp / f"{name}.log")


def toy_server(urls: ServiceUrls, tmp: Path, name: str) -> Server:
    """``bench/_realtime_toy.py`` on uvicorn, one process, no per-message compression."""
    env = server_env(urls, tmp / "data", "uvicorn", 1)
    argv = [str(BIN / "uvicorn"), "bench._realtime_toy:app", "--host", HOST]
    argv += ["--port", env["BENCH_PORT"], "--log-level", "warning", "--no-access-log"]
    argv += ["--ws-per-message-deflate", "false"]
    return Server(name, argv, env, tmp / f"{name}.log")


def ws_url(server: Server) -> str:
    return f"ws://{HOST}:{server.port}/ws"


@dataclass
class StepResult:
    """What the client processes saw of one step (every process's report merged)."""

    count: int = 0
    first: float = float("inf")  # wall clock of the first and last delivery
    last: float = 0.0
    hist: dict[int, int] = field(default_factory=dict)  # 0.1 ms bins -> deliveries

    def percentile(self, q: float) -> float:
        """Send->receive latency percentile in ms (nearest rank over 0.1 ms bins)."""
        if not self.count:
            return float("nan")
        rank, seen = max(1, round(q / 100 * self.count)), 0
        for bin_, n in sorted(self.hist.items()):
            seen += n
            if seen >= rank:
                return (bin_ + 0.5) / 10
        return float("nan")


class ClientPool:
    """``count`` websocket connections over ``processes`` client processes."""

    def __init__(
        self, urls: list[str], count: int, processes: int, topic: str | None, *, nice: int = 0
    ) -> None:
        """``nice``: run the client processes at that lower priority (they stand in for remote
        devices; on a small machine they would otherwise compete with what is measured)."""
        self.urls, self.count, self.topic, self.nice = urls, count, topic, nice
        self.processes = max(1, min(processes, count))
        self.procs: list[asyncio.subprocess.Process] = []
        self.connected = 0
        self.failed = 0
        self.errors: list[str] = []
        self.closed = 0
        self.close_codes: dict[str, int] = {}

    async def __aenter__(self) -> ClientPool:
        try:
            await self.open()
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def open(self) -> None:
        share, extra = divmod(self.count, self.processes)
        for i in range(self.processes):
            argv = [sys.executable, str(CLIENTS), "--count", str(share + (i < extra))]
            for n in range(len(self.urls)):  # rotate, so each process spreads over every url
                argv += ["--url", self.urls[(i + n) % len(self.urls)]]
            if self.topic is not None:
                argv += ["--topic", self.topic]
            if self.nice:
                argv = ["nice", "-n", str(self.nice), *argv]
            self.procs.append(
                await asyncio.create_subprocess_exec(
                    *argv,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    start_new_session=True,
                    limit=64 * 1024 * 1024,  # a report line holds whole histograms
                )
            )
        for line in await asyncio.gather(*(self._line(p, 300) for p in self.procs)):
            self.connected += line["ready"]
            self.failed += line["failed"]
            self.errors += line["errors"]

    async def _line(self, proc: asyncio.subprocess.Process, wait: float) -> dict[str, Any]:
        assert proc.stdout is not None
        raw = await asyncio.wait_for(proc.stdout.readline(), wait)
        if not raw:
            raise RuntimeError(f"a client process exited ({await proc.wait()})")
        line: dict[str, Any] = json.loads(raw)
        return line

    async def report(self) -> dict[str, StepResult]:
        """Every step seen since the last report, merged over the processes."""
        for proc in self.procs:
            assert proc.stdin is not None
            proc.stdin.write(b"report\n")
        merged: dict[str, StepResult] = {}
        self.closed, self.close_codes = 0, {}
        for line in await asyncio.gather(*(self._line(p, 60) for p in self.procs)):
            self.closed += line["closed"]
            for code, n in line["close_codes"].items():
                self.close_codes[code] = self.close_codes.get(code, 0) + n
            for label, s in line["steps"].items():
                step = merged.setdefault(label, StepResult())
                step.count += s["count"]
                step.first, step.last = min(step.first, s["first"]), max(step.last, s["last"])
                for bin_, n in s["hist"].items():
                    step.hist[int(bin_)] = step.hist.get(int(bin_), 0) + n
        return merged

    async def stop(self) -> None:
        """Ask each process to close its connections; kill any still running after 30 s."""
        for proc in self.procs:
            if proc.returncode is None and proc.stdin is not None:
                with contextlib.suppress(OSError, RuntimeError):
                    proc.stdin.write(b"quit\n")
                    proc.stdin.close()
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except (TimeoutError, asyncio.CancelledError):
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        self.procs = []
