"""`streamzctl serve` survives its worker processes: one killed is replaced, and with two the
other keeps answering meanwhile (granian and uvicorn, one and two workers)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from streamz.settings import Settings
from tests.integration.conftest import streamz_env
from tests.integration.gateway.support import free_port

pytestmark = pytest.mark.timeout(150)

SERVING_AGAIN_WITHIN = 15.0  # seconds, generous for a loaded 2-core machine


def children(pid: int) -> set[int]:
    """Live child processes of ``pid`` (from /proc; zombies left out)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state not in {"Z", "X"}:
            found.add(int(entry.name))
    return found


def wait_for(what: str, check: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def listening(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds a socket listening on ``port`` (from /proc): a granian
    worker binds the port itself (SO_REUSEPORT) some time after it exists."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[1].rsplit(":", 1)[1] == f"{port:04X}" and fields[3] == "0A":
                inodes.add(fields[9])
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return False
    return any(link == f"socket:[{inode}]" for link in links for inode in inodes)


class Served:
    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        self.process = process
        self.url = url
        self.http = httpx.Client(timeout=SERVING_AGAIN_WITHIN)

    def health(self) -> int:
        """A new connection each time, so any live worker may take it."""
        response = self.http.get(f"{self.url}/health", headers={"Connection": "close"})
        return response.status_code

    def workers(self, count: int) -> set[int]:
        wait_for(f"{count} workers", lambda: len(children(self.process.pid)) == count, 30)
        return children(self.process.pid)

    def kill(self, pid: int) -> float:
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        # reaped: all its threads are gone, its listening socket too (a zombie leader's
        # threads may still hold it, and connections sent to it then are reset)
        wait_for("the worker to die", lambda: not Path(f"/proc/{pid}").exists(), 10)
        return killed


Start = Callable[[str, int], Served]


@pytest.fixture
def serve(settings: Settings, tmp_path: Path) -> Iterator[Start]:
    started: list[subprocess.Popen[bytes]] = []

    def start(server: str, workers: int) -> Served:
        port = free_port()
        with streamz_env(settings, tmp_path) as values:
            env = {
                **os.environ,
                **values,
                "STREAMZ_PORT": str(port),
                "STREAMZ_SERVER": server,
                "STREAMZ_WORKERS": str(workers),
                "STREAMZ_LOG_LEVEL": "WARNING",
            }
        streamzctl = Path(sys.executable).parent / "streamzctl"
        process = subprocess.Popen([str(streamzctl), "serve"], env=env)
        started.append(process)
        served = Served(process, f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, "streamzctl serve exited"
            try:
                if served.health() == 200:
                    return served
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "streamzctl serve did not start"
            time.sleep(0.2)

    yield start
    for process in started:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError("streamzctl serve did not stop within 20 s of SIGINT") from None


@pytest.mark.parametrize("server", ["granian", "uvicorn"])
def test_a_killed_lone_worker_is_replaced(serve: Start, server: str) -> None:
    served = serve(server, 1)
    (worker,) = served.workers(1)

    killed = served.kill(worker)
    while True:  # uvicorn: queued in the socket until the replacement takes it; granian: each
        try:  # worker binds the port itself (SO_REUSEPORT), refused until the replacement does
            if served.health() == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() - killed < SERVING_AGAIN_WITHIN, "not serving again"
        time.sleep(0.02)
    elapsed = time.monotonic() - killed
    print(f"\n{server}, 1 worker: serving again {elapsed:.2f} s after the crash")

    assert elapsed < SERVING_AGAIN_WITHIN
    assert served.process.poll() is None
    assert served.workers(1) != {worker}
    ready = served.http.get(f"{served.url}/ready")  # the replacement reaches every dependency
    assert ready.status_code == 200, ready.text


@pytest.mark.parametrize("server", ["granian", "uvicorn"])
def test_one_of_two_workers_killed_the_other_keeps_answering(serve: Start, server: str) -> None:
    served = serve(server, 2)
    first, second = sorted(served.workers(2))
    port = int(served.url.rsplit(":", 1)[1])
    both = (first, second)  # both take connections before one dies
    wait_for("the workers to listen", lambda: all(listening(w, port) for w in both), 30)

    killed = served.kill(first)
    slowest = 0.0
    while time.monotonic() - killed < 2:  # every request while it is being replaced
        asked = time.monotonic()
        assert served.health() == 200
        slowest = max(slowest, time.monotonic() - asked)
    assert served.process.poll() is None
    (replacement,) = served.workers(2) - {first, second}
    print(f"\n{server}, 2 workers: slowest answer during the crash {slowest:.3f} s")

    # the replacement serves alone when the other one dies too (not within granian's
    # crash-loop window: a different worker, after the first one is back and listening)
    time.sleep(1)
    wait_for("the replacement to listen", lambda: listening(replacement, port), 30)
    served.kill(second)
    assert served.health() == 200
    assert served.process.poll() is None
    assert replacement in served.workers(2)
