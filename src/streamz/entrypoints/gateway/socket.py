"""``GET /ws``: the websocket endpoint (protocol in docs/realtime.md).

One task per connection reads frames and answers them in order; the connection's writer task
sends what the hub queues. The process's hub starts with the first connection and stops when
the app's container closes.
"""

from __future__ import annotations

import contextlib
from typing import Any

from dishka import AsyncContainer
from litestar import Litestar, WebSocket, websocket
from litestar.exceptions import WebSocketDisconnect
from litestar.types import WebSocketSendEvent

from streamz.adapters.redis.realtime_listener import RedisRealtimeListener
from streamz.container.gateway import GatewayRuntime
from streamz.core.errors import StreamzError, Unauthenticated, Unavailable
from streamz.core.identity.entities import Principal
from streamz.core.realtime import protocol
from streamz.entrypoints.gateway import metrics as gateway_metrics
from streamz.entrypoints.gateway.admission import admit
from streamz.entrypoints.gateway.config import GatewayConfig
from streamz.entrypoints.gateway.connection import Connection
from streamz.entrypoints.gateway.frames import Frames, authenticate, problem_of, welcome
from streamz.entrypoints.gateway.hub import Hub
from streamz.entrypoints.gateway.services import ContainerServices
from streamz.ports.presence import GatewayStatsStore, Presence
from streamz.ports.realtime import RealtimePublisher

CONFIG_KEY = "gateway_config"


def configure_gateway(app: Litestar, config: GatewayConfig) -> None:
    """Use ``config`` instead of the protocol's defaults (before the first connection)."""
    app.state[CONFIG_KEY] = config


async def hub_of(app: Litestar) -> Hub:
    """This app's hub, started on first use."""
    container: AsyncContainer = app.state.dishka_container
    runtime = await container.get(GatewayRuntime)

    async def start() -> Hub:
        hub = Hub(
            await container.get(RedisRealtimeListener),
            ContainerServices(container),
            await container.get(Presence),
            await container.get(GatewayStatsStore),
            await container.get(RealtimePublisher),
            app.state.get(CONFIG_KEY) or GatewayConfig(),
            problem=problem_of,
        )
        hub.start()
        gateway_metrics.watch(hub)
        return hub

    return await runtime.ensure(Hub, start)


class SocketTransport:
    """The ASGI websocket as a ``Transport``."""

    __slots__ = ("_socket",)

    def __init__(self, socket: WebSocket[Any, Any, Any]) -> None:
        self._socket = socket

    async def send(self, text: str) -> None:
        event: WebSocketSendEvent = {"type": "websocket.send", "text": text, "bytes": None}
        await self._socket.send(event)

    async def receive(self) -> str | bytes | None:
        try:
            message = await self._socket.receive()
        except WebSocketDisconnect:
            return None
        if message["type"] != "websocket.receive":
            return None
        text = message.get("text")
        if text is not None:
            return str(text)
        return bytes(message.get("bytes") or b"")

    async def close(self, code: int, reason: str) -> None:
        await self._socket.close(code, protocol.close_reason(reason))


def _bearer(socket: WebSocket[Any, Any, Any]) -> str | None:
    header = socket.headers.get("authorization")
    if header is not None:
        scheme, _, credential = header.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
        return credential.strip()
    token = socket.query_params.get("token")
    return token.strip() if isinstance(token, str) and token.strip() else None


@websocket("/ws", name="gateway")
async def gateway_socket(socket: WebSocket[Any, Any, Any]) -> None:
    slot = await admit(socket)  # the per-address cap: refused with 4029 past it
    if slot is None:
        return
    slots, key = slot
    try:
        await _session(socket)
    finally:
        await slots.release(key)


async def _session(socket: WebSocket[Any, Any, Any]) -> None:
    hub = await hub_of(socket.app)
    config = hub.config
    session: AsyncContainer = socket.state.dishka_container
    await socket.accept()
    principal = Principal.anonymous()
    token: str | None = None
    try:
        token = _bearer(socket)
        if token is not None:
            principal = await authenticate(session, token)
    except StreamzError as error:
        await _refuse(socket, hub, error)
        return
    conn = Connection(
        SocketTransport(socket),
        principal,
        limit=config.queue_frames,
        now=hub.now(),
        counters=hub.counters,
        close_timeout=config.close_timeout_seconds,
        slow_close_timeout=config.slow_close_seconds,
        token=token,
    )
    hub.connect(conn)
    conn.push(welcome(conn, hub, None))
    frames = Frames(hub, conn, session)
    try:
        while conn.closing is None:
            raw = await conn.next_frame()
            if raw is None:
                break
            conn.last_seen = hub.now()
            await frames.handle(raw)
    finally:
        hub.disconnect(conn)
        await conn.stop()


async def _refuse(socket: WebSocket[Any, Any, Any], hub: Hub, error: StreamzError) -> None:
    """A bad token: an error frame, then close 4001 (1013 when the identity provider is
    down)."""
    hub.counters.auth_failures += 1
    code = protocol.CLOSE_TRY_LATER if isinstance(error, Unavailable) else None
    with contextlib.suppress(Exception):  # the client may be gone already
        await socket.send_text(protocol.error(None, problem_of(error)))
        await socket.close(
            code or protocol.CLOSE_UNAUTHENTICATED,
            protocol.close_reason(f"{error.code}: {error.detail}"),
        )
