"""The library's publish API: integrators emit their own events to websocket clients."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.realtime.events import RealtimeEvent
from streamz.core.realtime.resolve_topic import ResolveTopic, ResolveTopicRequest
from streamz.core.realtime.routing import CHANNEL_EVENTS, CHATROOM_EVENTS, PRIVATE_EVENTS
from streamz.core.shared.ids import new_id
from streamz.ports.realtime import RealtimePublisher

MAX_DATA_BYTES = 8 * 1024
EVENT_NAME = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")
RESERVED = CHATROOM_EVENTS | CHANNEL_EVENTS | PRIVATE_EVENTS | {"chatroom.viewers"}


@dataclass(frozen=True, slots=True)
class PublishEventRequest:
    actor: Principal
    topic: str  # chatroom:<slug|channel id|chatroom id>, channel:<slug|id>, user:<account id>
    event: str  # e.g. "acme.poll_started"
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class PublishedEvent:
    id: str
    topic: str  # canonical
    event: str


@dataclass(frozen=True, slots=True)
class PublishEvent:
    """Sends an integrator's event to every websocket client subscribed to a topic, on every
    instance.

    - Internal only (the system: code embedding the library, the CLI).
    - ``topic`` as clients write it (``chatroom:alice``, ``channel:<id>``, ``user:<account
      id>``); it is resolved to the canonical topic (unknown channel or chatroom: not found).
    - ``event``: a dotted lowercase name such as ``acme.poll_started`` (at most 64
      characters), not one of Streamz's own events (those follow database writes): ``invalid``.
    - ``data``: a JSON object of at most 8 KiB once encoded: ``invalid``.
    - The event is non-durable: it carries ``durable: false`` and no ``seq``, is not kept in
      any history, and only clients connected at that moment receive it.
    """

    resolve: ResolveTopic
    publisher: RealtimePublisher

    async def __call__(self, request: PublishEventRequest) -> PublishedEvent:
        request.actor.require_system()
        name = request.event
        if len(name) > 64 or not EVENT_NAME.fullmatch(name):
            raise Invalid.field("event", "a dotted lowercase name such as acme.poll_started")
        if name in RESERVED:
            raise Invalid.field("event", f"{name} is one of Streamz's own events")
        try:
            data = dict(request.data)
            size = len(json.dumps(data, separators=(",", ":")).encode())
        except (TypeError, ValueError):
            raise Invalid.field("data", "data must be a JSON object") from None
        if size > MAX_DATA_BYTES:
            raise Invalid.field("data", f"data is at most {MAX_DATA_BYTES} bytes of JSON")
        target = await self.resolve(ResolveTopicRequest(request.actor, request.topic))
        event_id = str(new_id())
        event = RealtimeEvent(target.topic, name, data, None, event_id, durable=False)
        await self.publisher.publish([event])
        return PublishedEvent(event_id, target.topic, name)
