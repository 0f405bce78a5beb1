"""The websocket protocol of ``docs/realtime.md``: what clients may send (parsed and checked
here), the simple frames the server answers with, close codes and the protocol's errors.

Frames are JSON objects with a ``type``; client frames may carry an ``id`` (a string of at most
64 characters) that the answer repeats. Unknown fields are ignored (newer clients, older
servers); a missing or mistyped field is a ``malformed-frame`` error naming it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from streamz.core.errors import Conflict, Invalid, StreamzError

MAX_FRAME_BYTES = 16 * 1024
MAX_ID = 64
MAX_TOPIC = 200
MAX_TOKEN = 8192

CLOSE_GOING_AWAY = 1001  # the instance is shutting down: reconnect (with resume_from)
CLOSE_TRY_LATER = 1013  # a dependency (identity provider) is down: reconnect later
CLOSE_UNAUTHENTICATED = 4001
CLOSE_IDLE = 4008
CLOSE_SLOW = 4009
CLOSE_TOO_MANY_CONNECTIONS = 4029  # the client address has its cap of open connections
MAX_CLOSE_REASON = 123  # bytes a websocket close reason may hold


class MalformedFrame(StreamzError):
    """Not JSON, not an object, an unknown ``type``, or a missing or mistyped field."""

    code = "malformed-frame"
    title = "Malformed frame"

    def __init__(self, detail: str, frame_id: str | None = None) -> None:
        super().__init__(detail)
        self.frame_id = frame_id


class FrameTooLarge(StreamzError):
    code = "frame-too-large"
    title = "Frame too large"


class TooManySubscriptions(Conflict):
    code = "too-many-subscriptions"
    title = "Too many subscriptions"


class InvalidTopic(Invalid):
    code = "invalid-topic"
    title = "Invalid topic"


class AlreadyAuthenticated(Conflict):
    code = "already-authenticated"
    title = "Already authenticated"


@dataclass(frozen=True, slots=True)
class Auth:
    id: str | None
    token: str


@dataclass(frozen=True, slots=True)
class Subscribe:
    id: str | None
    topic: str
    resume_from: int | None = None


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    id: str | None
    topic: str


@dataclass(frozen=True, slots=True)
class Send:
    id: str | None
    chatroom: str
    content: str
    reply_to: uuid.UUID | None = None
    idempotency_key: str | None = None  # a retry with the same key answers the first ack


@dataclass(frozen=True, slots=True)
class Delete:
    id: str | None
    chatroom: str
    message_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class Pin:
    id: str | None
    chatroom: str
    message_id: uuid.UUID
    duration_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class Unpin:
    id: str | None
    chatroom: str


@dataclass(frozen=True, slots=True)
class Ping:
    id: str | None


@dataclass(frozen=True, slots=True)
class Pong:
    id: str | None


ClientFrame: TypeAlias = Auth | Subscribe | Unsubscribe | Send | Delete | Pin | Unpin | Ping | Pong


def parse(text: str) -> ClientFrame:
    """One client frame, or ``MalformedFrame`` (with the frame's ``id`` when it had a valid one)."""
    try:
        raw = json.loads(text)
    except ValueError:
        raise MalformedFrame("a frame is one JSON object") from None
    except RecursionError:  # nested deeper than the parser follows: the client's error
        raise MalformedFrame("a frame is one JSON object, not nested this deeply") from None
    if not isinstance(raw, dict):
        raise MalformedFrame("a frame is one JSON object")
    frame_id = raw.get("id")
    if frame_id is not None and (not isinstance(frame_id, str) or len(frame_id) > MAX_ID):
        raise MalformedFrame(f"id must be a string of at most {MAX_ID} characters")
    kind = raw.get("type")
    build = _BUILDERS.get(kind) if isinstance(kind, str) else None
    if build is None:
        if not isinstance(kind, str):
            raise MalformedFrame("a frame needs a string 'type'", frame_id)
        raise MalformedFrame(f"unknown frame type {kind[:40]!r}", frame_id)
    return build(_Fields(raw, frame_id), frame_id)


def _subscribe(f: _Fields, i: str | None) -> ClientFrame:
    return Subscribe(i, f.text("topic", MAX_TOPIC), f.seq("resume_from"))


def _send(f: _Fields, i: str | None) -> ClientFrame:
    chatroom = f.text("chatroom", MAX_TOPIC)
    key = f.optional_string("idempotency_key")
    return Send(i, chatroom, f.string("content"), f.optional_uuid("reply_to"), key)


def _delete(f: _Fields, i: str | None) -> ClientFrame:
    return Delete(i, f.text("chatroom", MAX_TOPIC), f.required_uuid("message_id"))


def _pin(f: _Fields, i: str | None) -> ClientFrame:
    chatroom = f.text("chatroom", MAX_TOPIC)
    return Pin(i, chatroom, f.required_uuid("message_id"), f.integer("duration_seconds"))


_BUILDERS: dict[str, Callable[[_Fields, str | None], ClientFrame]] = {
    "ping": lambda f, i: Ping(i),
    "pong": lambda f, i: Pong(i),
    "subscribe": _subscribe,
    "unsubscribe": lambda f, i: Unsubscribe(i, f.text("topic", MAX_TOPIC)),
    "send": _send,
    "delete": _delete,
    "pin": _pin,
    "unpin": lambda f, i: Unpin(i, f.text("chatroom", MAX_TOPIC)),
    "auth": lambda f, i: Auth(i, f.text("token", MAX_TOKEN)),
}


class _Fields:
    __slots__ = ("_id", "_raw")

    def __init__(self, raw: dict[str, Any], frame_id: str | None) -> None:
        self._raw = raw
        self._id = frame_id

    def _bad(self, name: str, what: str) -> MalformedFrame:
        return MalformedFrame(f"'{name}' must be {what}", self._id)

    def string(self, name: str) -> str:
        value = self._raw.get(name)
        if not isinstance(value, str):
            raise self._bad(name, "a string")
        return value

    def optional_string(self, name: str) -> str | None:
        value = self._raw.get(name)
        if value is not None and not isinstance(value, str):
            raise self._bad(name, "a string or null")
        return value

    def text(self, name: str, limit: int) -> str:
        value = self._raw.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise self._bad(name, f"a non-empty string of at most {limit} characters")
        return value.strip()

    def integer(self, name: str) -> int | None:
        value = self._raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._bad(name, "a whole number or null")
        return value

    def seq(self, name: str) -> int | None:
        value = self.integer(name)
        if value is not None and not 0 <= value < 2**63:
            raise self._bad(name, "a seq (0 or more) or null")
        return value

    def optional_uuid(self, name: str) -> uuid.UUID | None:
        value = self._raw.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._bad(name, "a UUID string or null")
        try:
            return uuid.UUID(value)
        except ValueError:
            raise self._bad(name, "a UUID string or null") from None

    def required_uuid(self, name: str) -> uuid.UUID:
        value = self.optional_uuid(name)
        if value is None:
            raise self._bad(name, "a UUID string")
        return value


# Server frames that need no encoder of the entrypoint (JSON, compact, encoded once).

PING = '{"type":"ping"}'


def encode(frame: dict[str, Any]) -> str:
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def _with_id(frame: dict[str, Any], frame_id: str | None) -> dict[str, Any]:
    if frame_id is not None:
        frame["id"] = frame_id
    return frame


def pong(frame_id: str | None) -> str:
    return encode(_with_id({"type": "pong"}, frame_id))


def ack(frame_id: str | None) -> str:
    return encode(_with_id({"type": "ack"}, frame_id))


def subscribed(frame_id: str | None, topic: str, seq: int | None) -> str:
    frame = _with_id({"type": "subscribed", "topic": topic}, frame_id)
    if seq is not None:
        frame["seq"] = seq
    return encode(frame)


def resync(frame_id: str | None, topic: str, seq: int) -> str:
    return encode(_with_id({"type": "resync", "topic": topic, "seq": seq}, frame_id))


def error(frame_id: str | None, problem: dict[str, Any]) -> str:
    return encode(_with_id({"type": "error", "problem": problem}, frame_id))


def slow_consumer_reason(positions: dict[str, int]) -> str:
    """``{"seq":{"<chatroom id>":57,...}}``: the last seq written per chatroom, as many rooms
    as fit the close reason's 123 bytes (the latest subscribed first)."""
    out = '{"seq":{}}'
    parts: list[str] = []
    for topic, seq in reversed(positions.items()):
        room = topic.partition(":")[2] if topic.startswith("chatroom:") else None
        if room is None:
            continue
        candidate = '{"seq":{' + ",".join([*parts, f'"{room}":{seq}']) + "}}"
        if len(candidate.encode()) > MAX_CLOSE_REASON:
            break
        parts.append(f'"{room}":{seq}')
        out = candidate
    return out


def close_reason(text: str) -> str:
    """``text`` cut to what a close frame may carry (123 bytes of UTF-8)."""
    data = text.encode()[:MAX_CLOSE_REASON]
    return data.decode(errors="ignore")
