"""Request ids and one structured access-log line per request."""

from __future__ import annotations

import re
import time
import uuid

import structlog
from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Message,
    Receive,
    Scope,
    Send,
)

from streamz.entrypoints.http.client_ip import client_ip_of

_VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
log = structlog.get_logger("streamz.access")


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        sent = next((v for k, v in scope["headers"] if k == b"x-request-id"), b"").decode("latin-1")
        request_id = sent if _VALID_ID.fullmatch(sent) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await app(scope, receive, send_with_id)
            finally:
                log.info(
                    "request",
                    method=scope.get("method"),
                    path=scope["path"],
                    status=status,
                    client=client_ip_of(scope),
                    ms=round((time.perf_counter() - started) * 1000, 2),
                )

    return middleware


# Answers that may carry tokens or personal data: never stored by a browser or a shared cache.
# The Public API keeps its own headers (its reads vary with the caller's token, so no caching
# is added there).
_NO_STORE = ("/private/", "/admin/", "/internal/", "/unsubscribe/")
_PUBLIC = "/public/"
_PRIVATE = ("/private/", "/admin/")  # our own web apps, with a bearer token
CORS_METHODS = b"GET, HEAD, POST, PUT, PATCH, DELETE"
CORS_REQUEST_HEADERS = b"Authorization, Content-Type, Idempotency-Key, X-Request-ID"
CORS_EXPOSED_HEADERS = (
    b"X-Request-ID, Retry-After, RateLimit, RateLimit-Policy, Idempotent-Replayed, Location"
)
CORS_MAX_AGE = b"600"  # seconds a browser may reuse a preflight's answer
_PREFLIGHT_VARY = b"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
_ANY = frozenset({"*"})


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((v for k, v in scope["headers"] if k == name), None)


def cors_and_caching(
    app: ASGIApp, *, public_origins: tuple[str, ...], private_origins: tuple[str, ...]
) -> ASGIApp:
    """CORS for browsers on other origins and ``Cache-Control: no-store`` on private answers.

    CORS: the Public API for ``public_origins`` (``*``: any), the Private and Admin APIs for
    ``private_origins`` (our web apps; they send a bearer token, never cookies, so credentials
    are not allowed). A preflight (``OPTIONS`` with ``Access-Control-Request-Method``) from an
    allowed origin is answered here, 204, before authentication and rate limits; any answer to
    an allowed origin, problem+json errors included, names the origin and the headers a script
    may read. Another origin gets no CORS header (its browser then withholds the answer).
    """
    public = frozenset(public_origins)
    private = frozenset(private_origins)

    def origins_for(path: str) -> frozenset[str]:
        if path.startswith(_PUBLIC):
            return public
        return private if path.startswith(_PRIVATE) else frozenset()

    def allowed(origins: frozenset[str], origin: bytes | None) -> bytes | None:
        """What ``Access-Control-Allow-Origin`` says to ``origin``, if anything."""
        if origin is None or not origins:
            return None
        if origin.decode("latin-1") in origins:
            return origin
        return b"*" if "*" in origins else None

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        path: str = scope["path"]
        origins = origins_for(path)
        allow_origin = allowed(origins, _header(scope, b"origin"))
        if (
            allow_origin is not None
            and scope["method"] == "OPTIONS"
            and _header(scope, b"access-control-request-method") is not None
        ):
            preflight: HTTPResponseStartEvent = {
                "type": "http.response.start",
                "status": 204,
                "headers": [
                    (b"access-control-allow-origin", allow_origin),
                    (b"access-control-allow-methods", CORS_METHODS),
                    (b"access-control-allow-headers", CORS_REQUEST_HEADERS),
                    (b"access-control-max-age", CORS_MAX_AGE),
                    (b"vary", _PREFLIGHT_VARY),
                ],
            }
            await send(preflight)
            body: HTTPResponseBodyEvent = {
                "type": "http.response.body",
                "body": b"",
                "more_body": False,
            }
            await send(body)
            return
        varies = bool(origins) and origins != _ANY  # the answer depends on the Origin sent
        no_store = path.startswith(_NO_STORE)
        if allow_origin is None and not varies and not no_store:
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if not (no_store and k.lower() == b"cache-control")
                ]
                if no_store:
                    headers.append((b"cache-control", b"no-store"))
                if allow_origin is not None:
                    headers.append((b"access-control-allow-origin", allow_origin))
                    headers.append((b"access-control-expose-headers", CORS_EXPOSED_HEADERS))
                if varies:
                    headers.append((b"vary", b"Origin"))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
