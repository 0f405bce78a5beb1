"""What the Prometheus instrumentation costs per call, in this process (no servers needed).

    uv run python bench/metrics_overhead.py [--requests 20000] [--rounds 3]

- HTTP: a trivial Litestar route called through its ASGI app in-process (no network): bare,
  wrapped in the API's ``measured`` (``entrypoints/http/metrics.py``), and with Litestar's own
  Prometheus middleware instead: the differences are each one's cost per request. Run once in
  the default mode and once (a child process) in prometheus_client's multiprocess mode
  (``streamzctl serve``: values in mmap'd files).
- A chat send's counter (``metrics.chat_accepted``: a cached child's ``inc``), both modes.

Prints microseconds per call, the best of ``--rounds``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from litestar import Litestar, get
from litestar.plugins.prometheus import PrometheusConfig

from streamz.adapters.prometheus import metrics, multiprocess
from streamz.entrypoints.http.metrics import measured


@get("/rooms/{name:str}/messages", sync_to_thread=False)
def route(name: str) -> dict[str, str]:
    return {"room": name}


def _app(how: str) -> Litestar:
    if how == "litestar":
        config = PrometheusConfig(app_name="bench", prefix="bench_http", group_path=True)
        return Litestar([route], middleware=[config.middleware], logging_config=None)
    app = Litestar([route], logging_config=None)
    if how == "measured":
        app.asgi_handler = measured(app.asgi_handler)
    return app


async def _requests(app: Litestar, count: int) -> float:
    """Seconds for ``count`` GETs through the ASGI app."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/rooms/lobby/messages",
        "raw_path": b"/rooms/lobby/messages",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"bench")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            assert message["status"] == 200, message

    started = time.perf_counter()
    for _ in range(count):
        await app({**scope, "state": {}}, receive, send)  # type: ignore[arg-type]
    return time.perf_counter() - started


def _best(rounds: int, run: Callable[[], float]) -> float:
    return min(run() for _ in range(rounds))


def _measure(label: str, requests: int, rounds: int) -> None:
    per_request = {}
    for how in ("bare", "measured", "litestar"):
        app = _app(how)
        runs = [asyncio.run(_requests(app, requests)) for _ in range(rounds)]
        per_request[how] = min(runs) / requests
    bare = per_request["bare"]

    def counter() -> float:
        started = time.perf_counter()
        for _ in range(requests):
            metrics.chat_accepted("http")
        return time.perf_counter() - started

    inc = _best(rounds, counter) / requests
    print(
        f"{label:>13}: request {bare * 1e6:6.1f} µs bare; measured "
        f"+{(per_request['measured'] - bare) * 1e6:.1f} µs; Litestar's middleware "
        f"+{(per_request['litestar'] - bare) * 1e6:.1f} µs; chat_accepted {inc * 1e6:.2f} µs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if multiprocess.active():  # the child below: prometheus_client chose mmap'd values
        _measure("multiprocess", args.requests, args.rounds)
        return
    _measure("default", args.requests, args.rounds)
    with tempfile.TemporaryDirectory(prefix="streamz-bench-metrics-") as directory:
        env = {**os.environ, multiprocess.ENV: directory}
        subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env, check=True)


if __name__ == "__main__":
    main()
