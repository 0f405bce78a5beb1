"""Crash to serving again: `streamzctl serve` with a worker process SIGKILLed.

    uv run python bench/respawn.py                    # both servers, 5 kills each (~1-2 minutes)
    uv run python bench/respawn.py --server granian --kills 9

Starts ephemeral local PostgreSQL/Redis/Typesense, then for each server (uvicorn, granian):

1. one worker: SIGKILL it ``--kills`` times (``--pause`` seconds apart: granian stops for good
   when a worker it respawned dies again within 5.5 s); after each kill, ``GET /health`` on a
   new connection every 5 ms until one answers 200. Crash to serving = from the kill to that
   answer (uvicorn holds connections in the socket's backlog meanwhile, granian refuses them);
2. two workers: the same kills, with the other worker answering meanwhile: the slowest answer
   and the failed requests in the 2 s after each kill (a request the killed worker had already
   taken is lost with it; one sent after it was reaped must not fail).

Prints the median, min and max per server. Exits 1 if the server exited or never served again.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from http_read import BIN, HOST, Server, local_services, server_env

SERVING_AGAIN_WITHIN = 30.0


def children(pid: int) -> set[int]:
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


def health(url: str) -> bool:
    try:
        answer = httpx.get(url, timeout=SERVING_AGAIN_WITHIN, headers={"Connection": "close"})
    except httpx.TransportError:
        return False
    return answer.status_code == 200


def wait_workers(server: Server, count: int) -> set[int]:
    deadline = time.monotonic() + 30
    while len(found := children(server.pid)) != count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{server.name}: {len(found)} workers, expected {count}")
        time.sleep(0.01)
    return found


def kill(server: Server, pid: int) -> float:
    os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    while Path(f"/proc/{pid}").exists():  # reaped: its threads and its socket are gone
        time.sleep(0.001)
    return killed


@dataclass
class Figures:
    name: str
    seconds: list[float]
    failed: int | None = None  # counted with two workers only

    def row(self) -> str:
        s, failed = self.seconds, "-" if self.failed is None else str(self.failed)
        return (
            f"{self.name:<22} {len(s):>5} {statistics.median(s):>9.3f} {min(s):>9.3f}"
            f" {max(s):>9.3f} {failed:>7}"
        )


def one_worker(server: Server, kills: int, pause: float) -> Figures:
    url = f"http://{HOST}:{server.port}/health"
    figures = Figures(f"{server.name}, 1 worker", [])
    for _ in range(kills):
        time.sleep(pause)
        (worker,) = wait_workers(server, 1)
        killed = kill(server, worker)
        while not health(url):
            if server.proc is None or server.proc.poll() is not None:
                raise RuntimeError(f"{server.name} exited:\n{server.tail()}")
            if time.monotonic() - killed > SERVING_AGAIN_WITHIN:
                raise RuntimeError(f"{server.name} not serving again:\n{server.tail()}")
            time.sleep(0.005)
        figures.seconds.append(time.monotonic() - killed)
    return figures


def two_workers(server: Server, kills: int, pause: float) -> Figures:
    url = f"http://{HOST}:{server.port}/health"
    figures = Figures(f"{server.name}, 2 workers", [], failed=0)
    for n in range(kills):
        time.sleep(pause)
        workers = sorted(wait_workers(server, 2))
        killed = kill(server, workers[n % 2])
        slowest = 0.0
        while time.monotonic() - killed < 2:
            asked = time.monotonic()
            if not health(url):
                figures.failed = (figures.failed or 0) + 1
            slowest = max(slowest, time.monotonic() - asked)
        figures.seconds.append(slowest)
        if server.proc is None or server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited:\n{server.tail()}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", choices=["uvicorn", "granian", "both"], default="both")
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--pause", type=float, default=6.5, help="seconds between kills")
    args = parser.parse_args()
    servers = ["uvicorn", "granian"] if args.server == "both" else [args.server]
    results: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="streamz-respawn-") as name:
        tmp = Path(name)
        tmp.chmod(0o755)  # PostgreSQL runs unprivileged and must reach its data dir
        with local_services(tmp) as (_, urls):
            for kind in servers:
                for workers, measure in ((1, one_worker), (2, two_workers)):
                    env = server_env(urls, tmp / "data", kind, 5)
                    env["STREAMZ_WORKERS"] = str(workers)
                    server = Server(kind, [str(BIN / "streamzctl"), "serve"], env, tmp / "s.log")
                    server.start()
                    try:
                        server.wait_ready(120)
                        results.append(measure(server, args.kills, args.pause))
                    except RuntimeError as error:
                        print(error, file=sys.stderr)
                        return 1
                    finally:
                        server.stop()
    print()
    print("1 worker: seconds from the kill to a 200 from /health (the replacement);")
    print("2 workers: the slowest /health answer in the 2 s after each kill (the other one),")
    print("           failed = requests that got no 200 in those 2 s")
    print(f"{'server':<22} {'kills':>5} {'median':>9} {'min':>9} {'max':>9} {'failed':>7}")
    for figures in results:
        print(figures.row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
