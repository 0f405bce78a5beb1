"""The websocket gateway's one Redis pub/sub connection per process.

Channels are subscribed on demand (``subscribe`` returns once Redis confirmed the
subscription, so a caller can read history afterwards without missing anything published in
between) and unsubscribed when the last local subscriber leaves. Messages are parsed with
hiredis straight off the socket, many per read, and handed to one callback as
``(topic, payload)``; nothing here decodes the payload.

When the connection drops, it reconnects with exponential backoff (50 ms doubling up to 5 s),
subscribes every wanted channel again and reports each re-subscribed topic, so the gateway
can fetch what it missed meanwhile. A PING every ``health_seconds`` detects a dead connection
that TCP has not noticed.

With Sentinel the connection goes to the master the Sentinels name at each (re)connect; with a
Cluster, to one node (the next one at each reconnect): SUBSCRIBE on any node of a Cluster gets
what is published on every node.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

import hiredis
import structlog

from streamz.adapters.redis.client import pubsub_address
from streamz.adapters.redis.realtime import CHANNEL_PREFIX
from streamz.adapters.redis.urls import parse
from streamz.core.errors import Unavailable

log = structlog.get_logger("streamz.gateway.listener")

OnMessage = Callable[[str, bytes], None]
OnResubscribed = Callable[[str], None]
CHUNK = 500  # channels per SUBSCRIBE command when re-subscribing
READ_SIZE = 256 * 1024


def _command(*parts: str | bytes) -> bytes:
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class RedisRealtimeListener:
    def __init__(
        self,
        url: str,
        *,
        prefix: str = CHANNEL_PREFIX,
        backoff: tuple[float, float] = (0.05, 5.0),
        connect_timeout: float = 5.0,
        health_seconds: float = 15.0,
        subscribe_seconds: float = 10.0,
    ) -> None:
        self._url = url
        self._target = parse(url)
        self._attempts = 0  # connection attempts so far (a Cluster's next node on each)
        self._prefix = prefix
        self._prefix_bytes = prefix.encode()
        self._backoff = backoff
        self._connect_timeout = connect_timeout
        self._health = health_seconds
        self._subscribe_seconds = subscribe_seconds
        self._wanted: set[str] = set()
        self._inflight: dict[str, int] = {}  # SUBSCRIBE commands not yet confirmed, by topic
        self._confirmed: set[str] = set()
        self._waiters: dict[str, list[asyncio.Future[None]]] = {}
        self._resubscribing: set[str] = set()  # wanted before the current connection
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None
        self._on_message: OnMessage = lambda topic, payload: None
        self._on_resubscribed: OnResubscribed = lambda topic: None
        self._closed = False
        self.connects = 0  # successful connections so far
        self.received = 0  # messages received so far

    @property
    def connected(self) -> bool:
        return self._writer is not None

    def start(self, on_message: OnMessage, on_resubscribed: OnResubscribed) -> None:
        """Start the connection task; ``on_message(topic, payload)`` runs for each message."""
        self._on_message = on_message
        self._on_resubscribed = on_resubscribed
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="gateway-pubsub")

    async def subscribe(self, topic: str) -> None:
        """Returns once Redis confirmed the subscription to ``topic``; ``Unavailable`` if that
        takes longer than ``subscribe_seconds`` (Redis down)."""
        if topic in self._confirmed:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(topic, []).append(waiter)
        if topic not in self._wanted:
            self._wanted.add(topic)
            self._send_subscribe([topic])
        try:
            async with asyncio.timeout(self._subscribe_seconds):
                await waiter
        except TimeoutError:
            raise Unavailable("the realtime pub/sub connection is down") from None
        finally:
            waiters = self._waiters.get(topic)
            if waiters is not None and waiter in waiters:
                waiters.remove(waiter)
                if not waiters:
                    del self._waiters[topic]

    def unsubscribe(self, topic: str) -> None:
        if topic not in self._wanted:
            return
        self._wanted.discard(topic)
        self._confirmed.discard(topic)
        self._resubscribing.discard(topic)
        writer = self._writer
        if writer is not None:
            writer.write(_command("UNSUBSCRIBE", self._prefix + topic))

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def topics(self) -> int:
        return len(self._wanted)

    async def aclose(self) -> None:
        self._closed = True
        task, self._task = self._task, None
        while task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task], timeout=1.0)
        for waiters in self._waiters.values():
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_exception(Unavailable("the realtime listener is closed"))

    def _send_subscribe(self, topics: Iterable[str]) -> None:
        writer = self._writer
        if writer is None:
            return  # subscribed on (re)connect
        names = list(topics)
        for start in range(0, len(names), CHUNK):
            chunk = names[start : start + CHUNK]
            for topic in chunk:
                self._inflight[topic] = self._inflight.get(topic, 0) + 1
            writer.write(_command("SUBSCRIBE", *(self._prefix + t for t in chunk)))

    async def _run(self) -> None:
        delay = self._backoff[0]
        while not self._closed:
            writer: asyncio.StreamWriter | None = None
            try:
                reader, writer = await self._connect()
                self.connects += 1
                delay = self._backoff[0]
                self._inflight.clear()
                self._confirmed.clear()
                self._resubscribing = set(self._wanted) if self.connects > 1 else set()
                self._writer = writer
                self._send_subscribe(self._wanted)
                await self._read(reader, writer)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # any failure: drop the connection and reconnect
                log.warning("pub/sub connection lost", error=repr(error), retry_in=delay)
            finally:
                self._writer = None
                self._confirmed.clear()
                if writer is not None:
                    writer.close()
            if self.closed:
                break
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._backoff[1])

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        parts, target = urlsplit(self._url), self._target
        self._attempts += 1
        async with asyncio.timeout(self._connect_timeout):
            if parts.scheme == "unix":
                reader, writer = await asyncio.open_unix_connection(parts.path)
            else:
                tls = parts.scheme == "rediss" or target.tls
                context = ssl.create_default_context() if tls else None
                if target.mode == "standalone":
                    host, port = parts.hostname or "localhost", parts.port or 6379
                else:
                    host, port = await pubsub_address(
                        target, connect_timeout=self._connect_timeout, attempt=self._attempts - 1
                    )
                reader, writer = await asyncio.open_connection(host, port, ssl=context)
            password, username = target.password, target.username
            if target.mode == "standalone":
                password = None if parts.password is None else unquote(parts.password)
                username = unquote(parts.username) if parts.username else None
            if password is not None:
                credentials = [password] if not username else [username, password]
                writer.write(_command("AUTH", *credentials))
                parser = hiredis.Reader()
                while (reply := parser.gets()) is False:
                    data = await reader.read(4096)
                    if not data:
                        raise ConnectionError("redis closed the connection during AUTH")
                    parser.feed(data)
                if isinstance(reply, hiredis.ReplyError):
                    raise ConnectionError(f"redis AUTH failed: {reply}")
        return reader, writer

    async def _read(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        parser = hiredis.Reader()
        prefix, cut = self._prefix_bytes, len(self._prefix_bytes)
        idle = 0
        while True:
            try:
                async with asyncio.timeout(self._health):
                    data = await reader.read(READ_SIZE)
            except TimeoutError:
                idle += 1
                if idle > 1:
                    raise ConnectionError("no answer to PING on the pub/sub connection") from None
                writer.write(_command("PING"))
                continue
            if not data:
                raise ConnectionError("redis closed the pub/sub connection")
            idle = 0
            parser.feed(data)
            while (reply := parser.gets()) is not False:
                if isinstance(reply, hiredis.ReplyError):
                    raise ConnectionError(f"pub/sub error: {reply}")
                if not isinstance(reply, list) or len(reply) < 2:
                    continue
                kind = reply[0]
                if kind == b"message":
                    channel = reply[1]
                    if channel.startswith(prefix):
                        self.received += 1
                        try:
                            self._on_message(channel[cut:].decode(), reply[2])
                        except Exception as error:  # one bad message never stops the others
                            log.exception("pub/sub message handler failed", error=repr(error))
                elif kind == b"subscribe":
                    self._confirm(reply[1][cut:].decode())

    def _confirm(self, topic: str) -> None:
        left = self._inflight.get(topic, 1) - 1
        if left > 0:
            self._inflight[topic] = left
            return
        self._inflight.pop(topic, None)
        if topic not in self._wanted:
            return  # unsubscribed meanwhile
        self._confirmed.add(topic)
        for waiter in self._waiters.pop(topic, []):
            if not waiter.done():
                waiter.set_result(None)
        if topic in self._resubscribing:
            self._resubscribing.discard(topic)
            try:
                self._on_resubscribed(topic)
            except Exception as error:
                log.exception("re-subscription handler failed", error=repr(error))
