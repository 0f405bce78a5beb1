"""A fake Firebase Cloud Messaging server speaking FCM HTTP v1 on loopback.

``POST /v1/projects/{project}/messages:send`` with ``{"message": {...}}`` answers
``{"name": "projects/{project}/messages/<n>"}`` or Google's error JSON (``error.status``,
``error.details[].errorCode``), as FCM does. Used by ``streamzctl dev`` (push goes here), the
tests (fault injection) and the benchmarks (thousands of requests/s).

HTTP/1.1 with keep-alive on a bare ``asyncio.Protocol``: firebase-admin's httpx client speaks
HTTP/2 only over TLS (ALPN), so over ``http://`` it uses HTTP/1.1 with a connection pool.

Control endpoints (also available as methods for in-process use):

- ``GET /_fake/messages[?token=T][&limit=N]``: ``{"count", "requests", "messages": [...]}``
- ``GET /_fake/stats``: counts of requests, messages, errors, peak concurrent requests
- ``POST /_fake/faults``: ``{"unregistered": [tokens], "invalid": [tokens],
  "sender_mismatch": [tokens], "next": [{"status": 429, "count": 3, "retry_after": 2}],
  "latency_ms": 5}`` (added to what is set)
- ``POST /_fake/reset``: forget messages and faults

Run alone: ``python -m streamz_dev.fcm --port 9099``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from streamz_dev.localservices._process import LOOPBACK, free_port

_SEND = re.compile(r"^/v1/projects/([^/]+)/messages:send$")
_FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError"
_REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
_STATUS = {  # HTTP status -> (google status, FCM errorCode, message)
    400: ("INVALID_ARGUMENT", "INVALID_ARGUMENT", "Request contains an invalid argument."),
    403: ("PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch"),
    404: ("NOT_FOUND", "UNREGISTERED", "Requested entity was not found."),
    429: ("RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for quota metric."),
    500: ("INTERNAL", "INTERNAL", "Internal error encountered."),
    503: ("UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable."),
}
_MAX_BODY = 1_048_576


def error_body(status: int, *, message: str | None = None) -> dict[str, Any]:
    google, code, default = _STATUS.get(status, ("UNKNOWN", "UNSPECIFIED_ERROR", "Error"))
    return {
        "error": {
            "code": status,
            "message": message or default,
            "status": google,
            "details": [{"@type": _FCM_ERROR, "errorCode": code}],
        }
    }


@dataclass
class _Next:
    status: int
    count: int
    retry_after: int | None


@dataclass
class FakeFcmState:
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    count: int = 0
    requests: int = 0
    errors: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    unregistered: set[str] = field(default_factory=set)
    invalid: set[str] = field(default_factory=set)
    sender_mismatch: set[str] = field(default_factory=set)
    upcoming: list[_Next] = field(default_factory=list)
    latency: float = 0.0
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    # ---------------------------------------------------------------- control

    def reset(self) -> None:
        with self.lock:
            self.messages = defaultdict(list)
            self.count = self.requests = self.errors = self.peak_in_flight = 0
            self.unregistered, self.invalid, self.sender_mismatch = set(), set(), set()
            self.upcoming = []
            self.latency = 0.0

    def add_faults(self, faults: dict[str, Any]) -> None:
        with self.lock:
            self.unregistered.update(faults.get("unregistered", ()))
            self.invalid.update(faults.get("invalid", ()))
            self.sender_mismatch.update(faults.get("sender_mismatch", ()))
            for item in faults.get("next", ()):
                retry = item.get("retry_after")
                self.upcoming.append(
                    _Next(int(item["status"]), int(item.get("count", 1)), retry and int(retry))
                )
            if "latency_ms" in faults:
                self.latency = float(faults["latency_ms"]) / 1000

    def sent(self, token: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            if token is not None:
                return list(self.messages.get(token, ()))
            return [m for ms in self.messages.values() for m in ms]

    def stats(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "messages": self.count,
            "errors": self.errors,
            "peak_in_flight": self.peak_in_flight,
            "tokens": len(self.messages),
        }

    # ---------------------------------------------------------------- FCM

    def answer_send(self, project: str, body: bytes) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self.lock:
            self.requests += 1
            if self.upcoming:
                fault = self.upcoming[0]
                fault.count -= 1
                if fault.count <= 0:
                    self.upcoming.pop(0)
                self.errors += 1
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
                return fault.status, error_body(fault.status), headers
        try:
            payload = json.loads(body)
            message = payload["message"]
            target = message.get("token") or message.get("topic") or message.get("condition")
            if not isinstance(target, str) or not target:
                raise ValueError("no target")
        except (ValueError, KeyError, TypeError, AttributeError):
            with self.lock:
                self.errors += 1
            return 400, error_body(400, message="Invalid JSON payload received."), {}
        with self.lock:
            if target in self.unregistered:
                self.errors += 1
                return 404, error_body(404), {}
            if target in self.invalid:
                self.errors += 1
                text = "The registration token is not a valid FCM registration token"
                return 400, error_body(400, message=text), {}
            if target in self.sender_mismatch:
                self.errors += 1
                return 403, error_body(403), {}
            number = next(self.ids)
            if not payload.get("validate_only"):
                self.messages[target].append(message)
                self.count += 1
        return 200, {"name": f"projects/{project}/messages/{number}"}, {}


class _Http(asyncio.Protocol):
    """One HTTP/1.1 keep-alive connection; requests answered in order."""

    def __init__(self, state: FakeFcmState) -> None:
        self._state = state
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self._queue: asyncio.Queue[tuple[str, str, bytes] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._task = asyncio.get_running_loop().create_task(self._serve())

    def connection_lost(self, exc: Exception | None) -> None:
        self._queue.put_nowait(None)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self._buffer[:end]).decode("latin-1")
            lines = head.split("\r\n")
            try:
                method, target, _ = lines[0].split(" ", 2)
            except ValueError:
                self._close()
                return
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip()) if value.strip().isdigit() else -1
            if not 0 <= length <= _MAX_BODY:
                self._close()
                return
            if len(self._buffer) < end + 4 + length:
                return
            body = bytes(self._buffer[end + 4 : end + 4 + length])
            del self._buffer[: end + 4 + length]
            self._queue.put_nowait((method, target, body))

    def _close(self) -> None:
        if self._transport is not None:
            self._transport.close()

    async def _serve(self) -> None:
        state = self._state
        while (item := await self._queue.get()) is not None:
            method, target, body = item
            state.in_flight += 1
            state.peak_in_flight = max(state.peak_in_flight, state.in_flight)
            try:
                if state.latency:
                    await asyncio.sleep(state.latency)
                status, answer, headers = self._route(method, target, body)
            finally:
                state.in_flight -= 1
            payload = json.dumps(answer).encode()
            extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            head = (
                f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
                "Content-Type: application/json; charset=UTF-8\r\n"
                f"Content-Length: {len(payload)}\r\n{extra}\r\n"
            )
            if self._transport is None or self._transport.is_closing():
                return
            self._transport.write(head.encode() + payload)

    def _route(
        self, method: str, target: str, body: bytes
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        send = _SEND.match(path)
        if send is not None:
            if method != "POST":
                return 405, error_body(405), {}
            return self._state.answer_send(send.group(1), body)
        if path == "/_fake/messages" and method == "GET":
            token = query.get("token", [None])[0]
            limit = int(query.get("limit", ["1000000000"])[0])
            sent = self._state.sent(token)
            answer = {**self._state.stats(), "count": len(sent), "messages": sent[:limit]}
            return 200, answer, {}
        if path == "/_fake/stats" and method == "GET":
            return 200, self._state.stats(), {}
        if path == "/_fake/faults" and method == "POST":
            self._state.add_faults(json.loads(body or b"{}"))
            return 200, {"ok": True}, {}
        if path == "/_fake/reset" and method == "POST":
            self._state.reset()
            return 200, {"ok": True}, {}
        return 404, error_body(404, message=f"no route {method} {path}"), {}


async def serve(state: FakeFcmState, host: str, port: int) -> asyncio.Server:
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: _Http(state), host, port, backlog=1024)


class FakeFcm:
    """The fake in a background thread with its own event loop (dev runner, tests)."""

    def __init__(self, *, host: str = LOOPBACK, port: int | None = None) -> None:
        self.host = host
        self.port = port or free_port()
        self.state = FakeFcmState()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FakeFcm:
        ready = threading.Event()
        errors: list[BaseException] = []

        async def main() -> None:
            self._stop = asyncio.Event()
            try:
                server = await serve(self.state, self.host, self.port)
            except BaseException as error:
                errors.append(error)
                ready.set()
                return
            ready.set()
            async with server:
                await self._stop.wait()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            try:
                self._loop.run_until_complete(main())
            finally:
                self._loop.close()

        self._thread = threading.Thread(target=run, name="fake-fcm", daemon=True)
        self._thread.start()
        ready.wait(10)
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)
        self._thread = None

    def __enter__(self) -> FakeFcm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default=LOOPBACK)
    parser.add_argument("--port", type=int, default=9099)
    args = parser.parse_args()

    async def run() -> None:
        server = await serve(FakeFcmState(), args.host, args.port)
        print(f"fake FCM on http://{args.host}:{args.port}", flush=True)
        async with server:
            await server.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    main()
