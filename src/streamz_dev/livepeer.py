"""A fake Livepeer Studio: a local HTTP server speaking the REST shapes Streamz uses, and a
webhook sender that signs deliveries as Livepeer does. ``streamzctl dev`` runs one when no
Livepeer API key is configured (so stream keys work locally, and ``streamzctl demo live``
goes live through it); the tests use it to drive the real adapter and the webhook intake.

REST (under ``<url>`` = ``http://127.0.0.1:<port>/api``, ``Authorization: Bearer <api_key>``):
``POST /stream`` (201, the stream with ``streamKey`` and ``playbackId``), ``GET /stream/{id}``,
``DELETE /stream/{id}`` (204), ``DELETE /asset/{id}`` (204; 404 unknown; 400 "asset is already
deleted"). Wrong or missing key: 401 ``{"errors": ["..."]}``. ``fail(...)`` makes the next
calls answer an error status, ``stall(...)`` makes them answer late. Every call is recorded.
It does no video: nothing can be pushed to the RTMP/SRT ingest URLs Streamz shows.

Webhooks: ``started``/``idle``/``recording_ready``/``event`` build the bodies Livepeer sends
(``{id, webhookId, createdAt, timestamp, event, stream (no key), payload}``) and ``signed``
turns one into raw bytes plus ``Livepeer-Signature: t=<ms>,v1=<hex HMAC-SHA256(secret,
body)>``. This module signs on its own (``hmac``), independently of the code under test.

With a ``webhook_url`` (Streamz's ``/internal/webhooks/livepeer``), the fake also sends them
itself, as Livepeer does when a broadcast starts and stops; its control endpoints (no API
key; loopback only) ask it to:

- ``POST /_fake/streams/{id}/start``: the stream is active; ``stream.started`` is delivered;
- ``POST /_fake/streams/{id}/end``: ``stream.idle``, then ``recording.ready`` of the session
  (an asset that ``DELETE /asset/{id}`` knows);
- ``GET /_fake/streams``: the streams it holds (without their keys).

Each answers ``{"deliveries": [{"event", "id", "status"}]}``, ``status`` being Streamz's
HTTP status (0 when it could not be reached). A stream the fake does not know (it keeps
nothing across restarts, while Streamz keeps the ids it stored) is taken as it is named.

``advertise``: a JSON file (mode 0600) holding the fake's URLs, API key and process id while
it runs, removed when it stops; ``advertised(path)`` reads it back (None when absent or its
process is gone), so other processes on the same data dir find the fake.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

WEBHOOK_PATH = "/internal/webhooks/livepeer"
LOOPBACK = "127.0.0.1"
DELIVERY_TIMEOUT = 10.0  # seconds for Streamz to answer one delivery


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    authorized: bool
    body: Any
    status: int


@dataclass
class _Failure:
    method: str
    prefix: str
    status: int
    remaining: int


@dataclass
class Signed:
    """A delivery as it goes over the wire."""

    body: bytes
    headers: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.data.get("id", ""))


class Poster(Protocol):
    def post(self, url: str, *, content: bytes, headers: dict[str, str]) -> Awaitable[Any]: ...


def millis(at: datetime | float | None = None) -> int:
    if at is None:
        return int(time.time() * 1000)
    if isinstance(at, datetime):
        return int(at.timestamp() * 1000)
    return int(at)


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Advertised:
    """A running fake, as its ``advertise`` file tells: ``url`` is the REST base (``…/api``),
    ``control`` the base of its ``/_fake`` endpoints."""

    url: str
    control: str
    api_key: str
    pid: int


def advertised(path: Path) -> Advertised | None:
    """The fake that ``path`` advertises, if its process still runs."""
    try:
        data = json.loads(path.read_text())
        found = Advertised(
            str(data["url"]), str(data["control"]), str(data["api_key"]), int(data["pid"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(found.pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it runs, as another user
    return found


class FakeLivepeer:
    def __init__(
        self,
        api_key: str = "test-livepeer-api-key",
        webhook_secret: str = "test-livepeer-webhook-secret",  # noqa: S107 - a test value
        *,
        webhook_url: str | None = None,
        advertise: Path | None = None,
    ) -> None:
        self.api_key = api_key
        self.webhook_secret = webhook_secret
        self.webhook_url = webhook_url
        self.advertise = advertise
        self.webhook_id = f"wh-{uuid.uuid4().hex[:8]}"
        self._server = ThreadingHTTPServer((LOOPBACK, 0), self._handler())
        self._server.daemon_threads = True
        self.control = f"http://{LOOPBACK}:{self._server.server_address[1]}/_fake"
        self.url = f"http://{LOOPBACK}:{self._server.server_address[1]}/api"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._lock = threading.Lock()
        self.reset()

    # lifecycle

    def start(self) -> FakeLivepeer:
        self._thread.start()
        if self.advertise is not None:
            self.advertise.parent.mkdir(parents=True, exist_ok=True)
            data = {
                "url": self.url,
                "control": self.control,
                "api_key": self.api_key,
                "pid": os.getpid(),
            }
            self.advertise.unlink(missing_ok=True)
            self.advertise.touch(mode=0o600)
            self.advertise.write_text(json.dumps(data))
        return self

    def stop(self) -> None:
        if self.advertise is not None:
            with contextlib.suppress(OSError):
                self.advertise.unlink()
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.streams: dict[str, dict[str, Any]] = {}
            self.assets: dict[str, dict[str, Any]] = {}
            self.calls: list[Call] = []
            self._failures: list[_Failure] = []
            self._stall = 0.0
            self._stall_calls = 0
            self._sessions: dict[str, int] = {}  # stream id -> start of its broadcast (ms)

    def fail(self, method: str, prefix: str, status: int = 503, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` on paths starting with ``prefix`` (e.g.
        ``/asset``) answer ``status``."""
        with self._lock:
            self._failures.append(_Failure(method, prefix, status, times))

    def stall(self, seconds: float, times: int = 1) -> None:
        """The next ``times`` calls wait ``seconds`` before answering."""
        with self._lock:
            self._stall, self._stall_calls = seconds, times

    def calls_to(self, method: str, prefix: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and c.path.startswith(prefix)]

    # REST

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self, status: int, body: Any = None) -> None:
                payload = b"" if body is None else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    if body is not None:
                        self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (a stalled answer)

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                authorized = self.headers.get("authorization") == f"Bearer {fake.api_key}"
                path = self.path.split("?", 1)[0]
                if path.startswith("/_fake/"):
                    self._answer(*fake._control(self.command, path[len("/_fake") :]))
                    return
                if not path.startswith("/api/"):
                    status, answer = 404, {"errors": ["not found"]}
                else:
                    status, answer = fake._route(self.command, path[4:], authorized, body)
                fake._wait()
                with fake._lock:
                    fake.calls.append(Call(self.command, path[4:], authorized, body, status))
                self._answer(status, answer)

            do_GET = do_POST = do_DELETE = do_PATCH = _serve  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler

    def _wait(self) -> None:
        with self._lock:
            delay = self._stall if self._stall_calls > 0 else 0.0
            self._stall_calls = max(0, self._stall_calls - 1)
        if delay:
            time.sleep(delay)

    def _route(self, method: str, path: str, authorized: bool, body: Any) -> tuple[int, Any]:
        injected = self._injected(method, path)
        if injected is not None:
            return injected, {"errors": ["injected failure"]}
        if not authorized:
            return 401, {"errors": ["no authorization header or wrong API key"]}
        if method == "POST" and path == "/stream":
            if not isinstance(body, dict) or not isinstance(body.get("name"), str):
                return 422, {"errors": ["name is required"]}
            return 201, self._public(self._create_stream(body))
        match = re.fullmatch(r"/(stream|asset)/([^/]+)", path)
        if match is None:
            return 404, {"errors": ["not found"]}
        kind, item = match.groups()
        with self._lock:
            if kind == "stream":
                return self._stream_call(method, item)
            return self._asset_call(method, item)

    def _injected(self, method: str, path: str) -> int | None:
        with self._lock:
            for failure in self._failures:
                if (
                    failure.remaining
                    and failure.method == method
                    and path.startswith(failure.prefix)
                ):
                    failure.remaining -= 1
                    return failure.status
        return None

    def _stream_call(self, method: str, item: str) -> tuple[int, Any]:
        stream = self.streams.get(item)
        if stream is None or stream["deleted"]:
            return 404, {"errors": ["not found"]}
        if method == "GET":
            return 200, self._public(stream)
        if method == "DELETE":
            stream["deleted"] = True
            return 204, None
        return 405, {"errors": ["method not allowed"]}

    def _asset_call(self, method: str, item: str) -> tuple[int, Any]:
        asset = self.assets.get(item)
        if method != "DELETE":
            return 405, {"errors": ["method not allowed"]}
        if asset is None:
            return 404, {"errors": ["Asset not found"]}
        if asset["deleted"]:
            return 400, {"errors": ["asset is already deleted"]}
        asset["deleted"] = True
        return 204, None

    def _create_stream(self, body: dict[str, Any]) -> dict[str, Any]:
        stream_id = str(uuid.uuid4())
        stream = {
            "id": stream_id,
            "kind": "stream",
            "name": body["name"],
            "record": bool(body.get("record", False)),
            "streamKey": "-".join(secrets.token_hex(2) for _ in range(4)),
            "playbackId": secrets.token_hex(8),
            "isActive": False,
            "suspended": False,
            "createdAt": millis(),
            "lastSeen": 0,
            "deleted": False,
            "profiles": [{"name": "720p", "bitrate": 2000000, "fps": 30, "width": 1280}],
        }
        with self._lock:
            self.streams[stream_id] = stream
        return stream

    @staticmethod
    def _public(stream: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in stream.items() if k != "deleted"}

    def live_streams(self) -> list[dict[str, Any]]:
        """Streams not deleted."""
        with self._lock:
            return [s for s in self.streams.values() if not s["deleted"]]

    def stream(self, stream_id: str) -> dict[str, Any]:
        with self._lock:
            return self.streams[stream_id]

    # control: broadcasts, with their webhooks sent to Streamz

    def _control(self, method: str, path: str) -> tuple[int, Any]:
        if method == "GET" and path == "/streams":
            with self._lock:
                streams = [
                    {k: v for k, v in s.items() if k not in ("streamKey", "deleted")}
                    for s in self.streams.values()
                    if not s["deleted"]
                ]
            return 200, {"streams": streams}
        match = re.fullmatch(r"/streams/([^/]{1,64})/(start|end)", path)
        if match is None or method != "POST":
            return 404, {"errors": [f"no route {method} /_fake{path}"]}
        if self.webhook_url is None:
            return 409, {"errors": ["this fake has no webhook URL to deliver to"]}
        stream_id, action = match.groups()
        if action == "start":
            return 200, {"deliveries": [self.go_live(stream_id)]}
        return 200, {"deliveries": self.go_idle(stream_id)}

    def go_live(self, stream_id: str) -> dict[str, Any]:
        """A broadcast starts: the stream is active and ``stream.started`` is delivered."""
        now = millis()
        with self._lock:
            self._sessions[stream_id] = now
            if stream_id in self.streams:
                self.streams[stream_id].update(isActive=True, lastSeen=now)
        return self.deliver(self.started(stream_id, at=now))

    def go_idle(self, stream_id: str) -> list[dict[str, Any]]:
        """The broadcast stops: ``stream.idle``, then ``recording.ready`` of its session."""
        now = millis()
        with self._lock:
            started = self._sessions.pop(stream_id, now)
            if stream_id in self.streams:
                self.streams[stream_id].update(isActive=False, lastSeen=now)
        idle = self.deliver(self.idle(stream_id, at=now))
        recording = self.recording_ready(
            stream_id, started=started, last_seen=now, duration=(now - started) / 1000
        )
        return [idle, self.deliver(recording)]

    def deliver(self, data: dict[str, Any]) -> dict[str, Any]:
        """Post ``data``, signed now, to ``webhook_url``; what Streamz answered."""
        assert self.webhook_url is not None
        signed = self.signed(data)
        request = urllib.request.Request(  # noqa: S310 - a URL of ours (http on loopback)
            self.webhook_url, data=signed.body, headers=signed.headers, method="POST"
        )
        status = 0
        try:
            with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT) as answer:  # noqa: S310
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, urllib.error.URLError):
            status = 0
        return {"event": data["event"], "id": data["id"], "status": status}

    # webhooks

    def event(
        self,
        event: str,
        stream_id: str | None,
        *,
        payload: dict[str, Any] | None = None,
        at: datetime | float | None = None,
        event_id: str | None = None,
    ) -> dict[str, Any]:
        """The body Livepeer posts for ``event`` (its ``stream`` without the key)."""
        created = millis(at)
        body: dict[str, Any] = {
            "id": event_id or str(uuid.uuid4()),
            "webhookId": self.webhook_id,
            "createdAt": created,
            "timestamp": millis(),
            "event": event,
        }
        if stream_id is not None:
            with self._lock:
                known = self.streams.get(stream_id)
            stream: dict[str, Any] = dict(known) if known else {"id": stream_id, "kind": "stream"}
            stream.pop("streamKey", None)
            stream.pop("deleted", None)
            stream["isActive"] = event == "stream.started"
            body["stream"] = stream
        if payload is not None:
            body["payload"] = payload
        return body

    def started(self, stream_id: str, at: datetime | float | None = None) -> dict[str, Any]:
        return self.event("stream.started", stream_id, at=at)

    def idle(self, stream_id: str, at: datetime | float | None = None) -> dict[str, Any]:
        return self.event("stream.idle", stream_id, at=at)

    def recording_ready(
        self,
        stream_id: str,
        *,
        started: datetime | float,
        last_seen: datetime | float,
        duration: float = 0.0,
        at: datetime | float | None = None,
        thumbnail: bool = True,
    ) -> dict[str, Any]:
        """``recording.ready`` of a session of ``stream_id``; its asset (named after the
        session, as Livepeer does) becomes deletable here."""
        session_id = str(uuid.uuid4())
        recording = f"https://livepeercdn.studio/recordings/{session_id}/index.m3u8"
        session: dict[str, Any] = {
            "id": session_id,
            "parentId": stream_id,
            "createdAt": millis(started),
            "lastSeen": millis(last_seen),
            "sourceSegmentsDuration": duration,
            "record": True,
            "recordingStatus": "ready",
            "recordingUrl": recording,
            "mp4Url": recording.replace("index.m3u8", "source.mp4"),
            "assetId": session_id,
        }
        if thumbnail:
            session["thumbUrl"] = f"https://livepeercdn.studio/recordings/{session_id}/thumb.png"
        with self._lock:
            self.assets[session_id] = {"id": session_id, "deleted": False}
        payload = {"recordingUrl": recording, "mp4Url": session["mp4Url"], "session": session}
        return self.event("recording.ready", stream_id, payload=payload, at=at)

    def signed(
        self,
        data: dict[str, Any] | bytes,
        *,
        timestamp: datetime | float | None = None,
        secret: str | None = None,
        header: str | None = None,
    ) -> Signed:
        """``data`` as Livepeer sends it: JSON bytes and ``Livepeer-Signature``."""
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        value = header
        if value is None:
            value = f"t={millis(timestamp)},v1={sign(body, secret or self.webhook_secret)}"
        parsed = data if isinstance(data, dict) else {}
        return Signed(
            body,
            {
                "content-type": "application/json",
                "user-agent": "livepeer.studio",
                "Livepeer-Signature": value,
            },
            parsed,
        )

    async def send(self, client: Poster, data: dict[str, Any] | Signed, **kwargs: Any) -> Any:
        """Post a delivery (signed now unless already ``Signed``) with ``client`` (an httpx or
        Litestar test client) to the webhook path."""
        signed = data if isinstance(data, Signed) else self.signed(data, **kwargs)
        return await client.post(WEBHOOK_PATH, content=signed.body, headers=signed.headers)
