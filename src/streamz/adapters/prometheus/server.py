"""A small ``/metrics`` HTTP endpoint on the event loop (``streamzctl worker``'s own): scrapes
can run the async probes, and nothing else is served."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST

READ_SECONDS = 5.0  # a client that does not send its request within this is dropped
MAX_HEAD = 16 * 1024


async def serve(host: str, port: int, render: Callable[[], Awaitable[bytes]]) -> asyncio.Server:
    """Listen on ``host:port``; ``GET /metrics`` answers ``await render()``."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_SECONDS)
            words = head[:MAX_HEAD].split(b"\r\n", 1)[0].split(b" ")
            method = words[0]
            path = words[1].split(b"?", 1)[0] if len(words) > 1 else b""
            if method not in (b"GET", b"HEAD") or path != b"/metrics":
                status, media, body = b"404 Not Found", b"text/plain", b"not found\n"
            else:
                status, media, body = b"200 OK", CONTENT_TYPE_LATEST.encode(), await render()
            writer.write(
                b"HTTP/1.1 "
                + status
                + b"\r\nContent-Type: "
                + media
                + b"\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\nConnection: close\r\n\r\n"
                + (body if method != b"HEAD" else b"")
            )
            await asyncio.wait_for(writer.drain(), READ_SECONDS)
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1.0)

    return await asyncio.start_server(handle, host, port, reuse_address=True)
