"""Websocket client process of the realtime benchmarks: ``--count`` connections (the
``websockets`` library, no compression), spread round-robin over ``--url``s, each subscribed to
``--topic`` (Streamz) or just connected (``--toy``). Answers the server's ``ping`` frames.

Every received frame whose text holds ``bench <label> <n> <sent_us>`` (the content of a bench
message, ``sent_us`` = ``time.time_ns() // 1000`` when it was sent) counts as one delivery of
step ``<label>``, with its send->receive latency in a 0.1 ms histogram.

Talks to the parent over stdin/stdout, one JSON line each way:
- prints ``{"ready": connected, "failed": n, "errors": [...]}`` once every connection is open
  (and subscribed);
- on ``report``: prints ``{"steps": {label: {"count", "first", "last", "hist"}}, "closed": n}``
  (and forgets those steps);
- on ``quit`` or end of input: closes every connection and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import re
import sys
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

MARK = re.compile(rb"bench (\S+) (\d+) (\d+)")
PING = b'"type":"ping"'
PONG = '{"type":"pong"}'


class Step:
    __slots__ = ("count", "first", "hist", "last")

    def __init__(self) -> None:
        self.count = 0
        self.first = float("inf")
        self.last = 0.0
        self.hist: collections.Counter[int] = collections.Counter()


class Clients:
    def __init__(self) -> None:
        self.steps: dict[str, Step] = collections.defaultdict(Step)
        self.closed = 0  # connections the server closed (or that failed) after opening
        self.close_codes: collections.Counter[str] = collections.Counter()

    async def read(self, conn: ClientConnection) -> None:
        steps = self.steps
        try:
            while True:
                raw = await conn.recv(decode=False)
                found = MARK.search(raw)
                if found is None:
                    if PING in raw:
                        await conn.send(PONG)
                    continue
                now = time.time_ns() // 1000
                step = steps[found.group(1).decode()]
                step.count += 1
                seconds = now / 1e6
                step.first = min(step.first, seconds)
                step.last = max(step.last, seconds)
                step.hist[max(0, (now - int(found.group(3))) // 100)] += 1
        except ConnectionClosed as closed:
            self.closed += 1
            code = closed.rcvd.code if closed.rcvd is not None else "none"
            self.close_codes[str(code)] += 1
        except asyncio.CancelledError:
            raise

    def report(self) -> dict[str, Any]:
        steps = {
            label: {
                "count": s.count,
                "first": s.first,
                "last": s.last,
                "hist": {str(k): v for k, v in s.hist.items()},
            }
            for label, s in self.steps.items()
        }
        self.steps.clear()
        return {"steps": steps, "closed": self.closed, "close_codes": dict(self.close_codes)}


async def open_one(url: str, topic: str | None) -> ClientConnection:
    conn = await connect(url, compression=None, open_timeout=60, max_queue=4096)
    if topic is not None:
        await conn.recv()  # welcome
        await conn.send(json.dumps({"type": "subscribe", "id": "s", "topic": topic}))
        while True:
            answer = json.loads(await asyncio.wait_for(conn.recv(), 60))
            if answer.get("id") == "s":
                break
        if answer.get("type") != "subscribed":
            await conn.close()
            raise RuntimeError(f"subscribe: {answer}")
    return conn


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--topic", default=None, help="chatroom topic (omit for the toy)")
    parser.add_argument("--parallel", type=int, default=50, help="connects in flight")
    args = parser.parse_args()
    clients = Clients()
    gate = asyncio.Semaphore(args.parallel)
    errors: list[str] = []
    conns: list[ClientConnection] = []
    readers: list[asyncio.Task[None]] = []

    async def one(i: int) -> None:
        async with gate:
            try:
                conn = await open_one(args.url[i % len(args.url)], args.topic)
            except Exception as error:  # counted and reported to the parent
                errors.append(repr(error)[:300])
                return
        conns.append(conn)
        readers.append(asyncio.create_task(clients.read(conn)))

    await asyncio.gather(*(one(i) for i in range(args.count)))
    out = sys.stdout
    out.write(json.dumps({"ready": len(conns), "failed": len(errors), "errors": errors[:5]}) + "\n")
    out.flush()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := (await reader.readline()).strip():
        if line == b"report":
            out.write(json.dumps(clients.report()) + "\n")
            out.flush()
        elif line == b"quit":
            break
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)

    async def close(conn: ClientConnection) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(conn.close(), 5)

    for start in range(0, len(conns), 500):
        await asyncio.gather(*(close(c) for c in conns[start : start + 500]))


if __name__ == "__main__":
    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())
