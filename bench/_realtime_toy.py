"""The realtime benchmark's toy: a raw ASGI app that broadcasts, in process, the body of each
``POST /broadcast`` as one text frame to every websocket connected to ``/ws`` on this process.

    uvicorn bench._realtime_toy:app --ws-per-message-deflate false

Each connection has a send queue and a writer task (as Streamz's gateway does), so a POST only
enqueues: it answers 201 ``{"delivered": n}`` once the frame is queued for its ``n`` sockets.
``GET /health`` answers 200. No auth, no Redis, no database, no ordering, no JSON per event.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

QUEUE = 1000  # frames per connection; a connection that falls further behind is dropped
queues: set[asyncio.Queue[str | None]] = set()


async def _respond(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _http(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["method"] == "GET" and scope["path"] == "/health":
        await _respond(send, 200, b'{"status":"ok"}')
        return
    if scope["method"] != "POST" or scope["path"] != "/broadcast":
        await _respond(send, 404, b'{"error":"not found"}')
        return
    body = bytearray()
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    text = body.decode()
    for queue in list(queues):
        if queue.qsize() >= QUEUE:
            queue.put_nowait(None)  # too slow: its writer closes it
            queues.discard(queue)
        else:
            queue.put_nowait(text)
    await _respond(send, 201, json.dumps({"delivered": len(queues)}).encode())


async def _writer(queue: asyncio.Queue[str | None], send: Send) -> None:
    while (text := await queue.get()) is not None:
        await send({"type": "websocket.send", "text": text})
    await send({"type": "websocket.close", "code": 4009})


async def _websocket(receive: Receive, send: Send) -> None:
    if (await receive())["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    queues.add(queue)
    writer = asyncio.create_task(_writer(queue, send))
    try:
        while (await receive())["type"] != "websocket.disconnect":
            pass  # frames from clients are ignored
    finally:
        queues.discard(queue)
        writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await writer


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "http":
        await _http(scope, receive, send)
    elif scope["type"] == "websocket":
        await _websocket(receive, send)
    elif scope["type"] == "lifespan":
        while (message := await receive())["type"] != "lifespan.shutdown":
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
