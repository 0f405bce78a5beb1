"""What each client frame does: parse and check it, call the same use cases as the HTTP API
with the connection's principal, and queue the answer (``ack``, ``subscribed``, ``error`` with
the same problem types as HTTP)."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
import structlog
from dishka import AsyncContainer
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from streamz.core.chat.messages.delete_message import DeleteMessage, DeleteMessageRequest
from streamz.core.chat.messages.pin_message import PinMessage, PinMessageRequest
from streamz.core.chat.messages.unpin_message import UnpinMessage, UnpinMessageRequest
from streamz.core.errors import Invalid, StreamzError, Unauthenticated, Unavailable
from streamz.core.identity.authenticate import Authenticate, AuthenticateRequest
from streamz.core.identity.entities import Principal, PrincipalKind
from streamz.core.realtime import protocol
from streamz.core.realtime.events import CHATROOM
from streamz.core.realtime.resolve_topic import ResolveTopic, ResolveTopicRequest, Target
from streamz.core.realtime.room_team import RoomTeam
from streamz.entrypoints import tracing
from streamz.entrypoints.gateway.connection import Connection
from streamz.entrypoints.gateway.hub import Hub
from streamz.entrypoints.gateway.sending import send_message
from streamz.entrypoints.http.messages.views import MessageOut, PinOut
from streamz.entrypoints.http.problems import TYPE_BASE, status_of
from streamz.entrypoints.outages import RETRY_AFTER_SECONDS, as_unavailable, count_outage

log = structlog.get_logger("streamz.gateway")
_STATUS = {protocol.FrameTooLarge.code: 413}
_encoder = msgspec.json.Encoder()


def problem_of(error: StreamzError) -> dict[str, Any]:
    """The RFC 9457 problem of ``error``, as the HTTP API would answer it."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + error.code,
        "title": error.title,
        "status": _STATUS.get(error.code) or status_of(error),
        "detail": error.detail,
    }
    body.update(error.extra)
    if body["status"] == HTTP_503_SERVICE_UNAVAILABLE:  # as on HTTP: when to try again
        body.setdefault("retry_after", RETRY_AFTER_SECONDS)
    if isinstance(error, Invalid) and error.errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in error.errors]
    return body


_INTERNAL = {
    "type": TYPE_BASE + "internal",
    "title": "Internal error",
    "status": 500,
    "detail": "something went wrong on our side; the frame was not processed",
}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def welcome(conn: Connection, hub: Hub, frame_id: str | None) -> str:
    principal = conn.principal
    config = hub.config
    frame: dict[str, Any] = {
        "type": "welcome",
        "connection_id": conn.id,
        "instance": hub.instance,
        "principal": {
            "kind": principal.kind.value,
            "account_id": str(principal.account_id) if principal.account_id else None,
        },
        "heartbeat_seconds": _number(config.heartbeat_seconds),
        "idle_timeout_seconds": _number(config.idle_timeout_seconds),
        "max_frame_bytes": config.max_frame_bytes,
    }
    if frame_id is not None:
        frame["id"] = frame_id
    return protocol.encode(frame)


def _ack(frame_id: str | None, **fields: Any) -> str:
    frame: dict[str, Any] = {"type": "ack"}
    if frame_id is not None:
        frame["id"] = frame_id
    frame.update(fields)
    return _encoder.encode(frame).decode()


async def authenticate(container: AsyncContainer, token: str) -> Principal:
    """A session JWT or a Public API token (``stz_...``), as on the Public API; a dependency
    down is ``Unavailable`` (the socket is closed 1013, try again later)."""
    try:
        async with container() as scope:
            use_case = await scope.get(Authenticate)
            return await use_case(AuthenticateRequest(token, allow_api_token=True))
    except StreamzError:
        raise
    except Exception as error:
        unavailable = as_unavailable(error)
        if unavailable is None:
            raise
        raise unavailable from error


class Frames:
    """Handles one connection's frames, one at a time, in the order they came."""

    def __init__(self, hub: Hub, conn: Connection, container: AsyncContainer) -> None:
        self._hub = hub
        self._conn = conn
        self._container = container

    async def handle(self, raw: str | bytes) -> None:
        limit = self._hub.config.max_frame_bytes
        if isinstance(raw, bytes):
            if len(raw) > limit:
                self._error(None, protocol.FrameTooLarge(f"frames are at most {limit} bytes"))
            else:
                self._error(None, protocol.MalformedFrame("frames are JSON text, not binary"))
            return
        if len(raw) * 4 > limit and len(raw.encode()) > limit:
            self._error(None, protocol.FrameTooLarge(f"frames are at most {limit} bytes"))
            return
        try:
            frame = protocol.parse(raw)
        except protocol.MalformedFrame as error:
            self._error(error.frame_id, error)
            return
        try:
            with tracing.frame_span(frame, self._conn.id):  # a no-op unless tracing is on
                await self._dispatch(frame)
        except protocol.MalformedFrame as error:
            self._error(frame.id, error)
        except StreamzError as error:
            self._error(frame.id, error)
        except Exception as error:
            unavailable = as_unavailable(error)
            if unavailable is not None:  # escaped its adapter: still an outage, not a bug
                self._error(frame.id, unavailable)
                return
            log.exception("websocket frame failed", frame=type(frame).__name__, error=repr(error))
            self._hub.counters.frame_errors += 1
            self._conn.push(protocol.error(frame.id, dict(_INTERNAL)))

    def _error(self, frame_id: str | None, error: StreamzError) -> None:
        if isinstance(error, Unavailable):
            log.warning("dependency unavailable", frame_id=frame_id, detail=error.detail)
            count_outage(error)
        self._hub.counters.frame_errors += 1
        self._conn.push(protocol.error(frame_id, problem_of(error)))

    async def _dispatch(self, frame: protocol.ClientFrame) -> None:
        conn = self._conn
        if isinstance(frame, protocol.Ping):
            conn.push(protocol.pong(frame.id))
        elif isinstance(frame, protocol.Pong):
            return
        elif isinstance(frame, protocol.Subscribe):
            if not await self._checked():
                return
            target = await self._resolve(frame.topic)
            team = False
            if target.kind == CHATROOM and target.channel_id is not None:
                team = await self._team(target.channel_id)
            await self._hub.subscribe(conn, target, frame.resume_from, frame.id, team=team)
        elif isinstance(frame, protocol.Unsubscribe):
            name = frame.topic if frame.topic in conn.subs else None
            if name is None:
                name = (await self._resolve(frame.topic)).topic
            self._hub.unsubscribe(conn, name)
            conn.push(protocol.ack(frame.id))
        elif isinstance(frame, protocol.Auth):
            await self._auth(frame)
        elif await self._checked():
            await self._act(frame)

    async def _act(self, frame: protocol.ClientFrame) -> None:
        """A chat action, as the connection's (just checked) principal."""
        conn = self._conn
        if isinstance(frame, protocol.Send):
            principal = conn.principal
            channel = await self._channel(frame.chatroom)
            async with self._container() as scope:
                sent = await send_message(scope, principal, frame, channel)
            conn.push(_ack(frame.id, **sent))
        elif isinstance(frame, protocol.Delete):
            channel = await self._channel(frame.chatroom)
            async with self._container() as scope:
                deleted = await (await scope.get(DeleteMessage))(
                    DeleteMessageRequest(conn.principal, channel, frame.message_id)
                )
            conn.push(_ack(frame.id, message=MessageOut.of(deleted)))
        elif isinstance(frame, protocol.Pin):
            channel = await self._channel(frame.chatroom)
            request_pin = PinMessageRequest(
                conn.principal, channel, frame.message_id, frame.duration_seconds
            )
            async with self._container() as scope:
                pinned = await (await scope.get(PinMessage))(request_pin)
            conn.push(
                _ack(frame.id, pin=PinOut.of(pinned.pin), message=MessageOut.of(pinned.message))
            )
        elif isinstance(frame, protocol.Unpin):
            channel = await self._channel(frame.chatroom)
            async with self._container() as scope:
                pin = await (await scope.get(UnpinMessage))(
                    UnpinMessageRequest(conn.principal, channel)
                )
            conn.push(_ack(frame.id, pin=PinOut.of(pin)))

    async def _checked(self) -> bool:
        """Before acting: the credential checked again if it was last checked more than
        ``recheck_seconds`` ago (revoked, expired or unknown: closed 4001, False)."""
        conn = self._conn
        if (
            conn.token is None
            or self._hub.now() - conn.checked_at < self._hub.config.recheck_seconds
        ):
            return True
        return await self._hub.refresh(conn)

    async def _team(self, channel_id: uuid.UUID) -> bool:
        principal = self._conn.principal
        if principal.account_id is None and not principal.is_system:
            return False
        async with self._container() as scope:
            return await (await scope.get(RoomTeam))(principal, channel_id)

    async def _auth(self, frame: protocol.Auth) -> None:
        """Sign an anonymous connection in, or renew a signed-in one's credential (a fresh
        session before the old one expires; the same account only)."""
        conn = self._conn
        try:
            principal = await authenticate(self._container, frame.token)
        except StreamzError as error:
            self._hub.counters.auth_failures += 1
            code = (
                protocol.CLOSE_UNAUTHENTICATED
                if isinstance(error, Unauthenticated)
                else protocol.CLOSE_TRY_LATER
            )
            last = protocol.error(frame.id, problem_of(error))
            conn.close(code, f"{error.code}: {error.detail}", last)
            return
        if conn.principal.kind is not PrincipalKind.ANONYMOUS:
            if principal.account_id != conn.principal.account_id:
                raise protocol.AlreadyAuthenticated(
                    "this connection is signed in as another account; reconnect to switch"
                )
            conn.token = frame.token
            conn.checked_at = self._hub.now()
            await self._hub.refresh(conn, teams=True)
            conn.push(welcome(conn, self._hub, frame.id))
            return
        conn.token = frame.token
        conn.checked_at = self._hub.now()
        self._hub.reauthenticate(conn, principal)
        await self._hub.refresh(conn, teams=True)
        conn.push(welcome(conn, self._hub, frame.id))

    async def _resolve(self, topic: str) -> Target:
        known = self._hub.known_target(topic)
        if known is not None:
            return known
        async with self._container() as scope:
            resolve = await scope.get(ResolveTopic)
            target = await resolve(ResolveTopicRequest(self._conn.principal, topic))
        self._hub.remember_target(topic, target)
        return target

    async def _channel(self, chatroom: str) -> str:
        """The channel a chat frame's ``chatroom`` names: a channel slug or id as is, or a
        ``chatroom:...`` topic resolved to its channel."""
        if not chatroom.startswith("chatroom:"):
            return chatroom
        target = await self._resolve(chatroom)
        return str(target.channel_id)
