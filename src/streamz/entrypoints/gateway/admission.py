"""The per-address cap on open websocket connections (``STREAMZ_WS_CONNECTIONS_PER_IP``).

Counted across every instance (``ConnectionSlots``, Redis), per client address as
``client_ip`` finds it (IPv6: per /64). A connection over the cap is accepted only to be told
why: an error frame with the problem ``too-many-connections``, then close **4029**
(``too-many-connections: ...``). Closing another connection frees a slot at once.
"""

from __future__ import annotations

import contextlib
from typing import Any

import structlog
from dishka import AsyncContainer
from litestar import WebSocket

from streamz.core.realtime import protocol
from streamz.entrypoints.http.client_ip import client_ip_of, limit_key
from streamz.entrypoints.http.problems import TYPE_BASE
from streamz.ports.connection_slots import ConnectionSlots
from streamz.settings import Settings

log = structlog.get_logger("streamz.gateway")
TOO_MANY = "too-many-connections"


async def admit(socket: WebSocket[Any, Any, Any]) -> tuple[ConnectionSlots, str] | None:
    """A slot for this connection (give it back with ``slots.release(key)``), or None once the
    connection has been refused."""
    settings: Settings = socket.app.state.settings
    container: AsyncContainer = socket.app.state.dishka_container
    slots = await container.get(ConnectionSlots)
    address = client_ip_of(socket.scope)
    key = limit_key(address)
    limit = settings.limits.ws_connections_per_ip
    if await slots.acquire(key, limit):
        return slots, key
    log.warning("websocket refused: too many connections", client=address, limit=limit)
    detail = f"more than {limit} open connections from this address; close one first"
    problem = {
        "type": TYPE_BASE + TOO_MANY,
        "title": "Too many connections",
        "status": 429,
        "detail": detail,
        "limit": limit,
    }
    with contextlib.suppress(Exception):  # the client may be gone already
        await socket.accept()
        await socket.send_text(protocol.error(None, problem))
        await socket.close(
            protocol.CLOSE_TOO_MANY_CONNECTIONS, protocol.close_reason(f"{TOO_MANY}: {detail}")
        )
    return None
