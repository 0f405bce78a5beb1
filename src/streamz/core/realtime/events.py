"""What travels to websocket clients: an event on a topic, durable (with the room's ``seq``) or
not (viewer counts, typing), encoded once per instance and sent as is to every subscriber."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

CHATROOM = "chatroom"
CHANNEL = "channel"
USER = "user"


def topic(kind: str, ident: object) -> str:
    """``chatroom:<id>``, ``channel:<id>``, ``user:<id>``: the canonical topic names."""
    return f"{kind}:{ident}"


@dataclass(frozen=True, slots=True)
class RealtimeEvent:
    topic: str
    event: str  # e.g. chat.message_sent
    data: dict[str, Any]
    seq: int | None = None  # durable chatroom events: the room's event sequence
    id: str | None = None  # the outbox event id, when it came from one
    durable: bool = True
    _encoded: list[str] = field(default_factory=list, compare=False, repr=False)
    # the event as viewers see it, when computed (``core.realtime.audience``)
    views: list[RealtimeEvent] = field(default_factory=list, compare=False, repr=False)

    def with_data(self, data: dict[str, Any]) -> RealtimeEvent:
        """The same event with other ``data`` (an audience's view of it)."""
        return RealtimeEvent(self.topic, self.event, data, self.seq, self.id, self.durable)

    def frame(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "event",
            "topic": self.topic,
            "event": self.event,
            "durable": self.durable,
            "data": self.data,
        }
        if self.seq is not None:
            out["seq"] = self.seq
        return out

    def encoded(self) -> str:
        """The JSON frame (UTF-8 text, not ``\\u`` escapes), computed once."""
        if not self._encoded:
            frame = json.dumps(self.frame(), separators=(",", ":"), ensure_ascii=False)
            self._encoded.append(frame)
        return self._encoded[0]

    def to_wire(self) -> str:
        """How it travels between instances (pub/sub and recent history)."""
        return json.dumps(
            {
                "topic": self.topic,
                "event": self.event,
                "data": self.data,
                "seq": self.seq,
                "id": self.id,
                "durable": self.durable,
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @classmethod
    def from_wire(cls, raw: str | bytes) -> RealtimeEvent:
        item = json.loads(raw)
        return cls(
            item["topic"],
            item["event"],
            item["data"],
            item.get("seq"),
            item.get("id"),
            bool(item.get("durable", True)),
        )
