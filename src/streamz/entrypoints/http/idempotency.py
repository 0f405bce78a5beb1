"""``Idempotency-Key`` on the HTTP API's non-idempotent POSTs (``@idempotent`` routes).

The rules are in ``streamz.core.idempotency.keys``; this module is their HTTP edge:

- the ``idempotency`` dependency (after the tier's ``principal``): checks the header, scopes
  the key by account, method and route template, fingerprints the request (method, path,
  query and body bytes), answers a finished first request's answer again (same status, headers
  and body, plus ``Idempotent-Replayed: true``) or holds the key and reserves it in the
  request's unit of work;
- the route middleware: captures the answer of a request that holds a key, keeps it (2xx and
  4xx but 429; never a 5xx or an ``idempotency-key-*`` problem) and frees the key.

Stored answers are sealed (AES-GCM) with a secret derived from the key, which is stored only as
a hash: the table never shows a secret an answer carried (a new API token's) to its readers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
import structlog
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from dishka import AsyncContainer
from litestar import Request, Response
from litestar.datastructures import ResponseHeader, UploadFile
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType, ScopeType
from litestar.handlers import HTTPRouteHandler
from litestar.params import HeaderParameter
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from streamz.core.idempotency.keys import Begun, Idempotency, Operation, check_key, storable
from streamz.core.identity.entities import Principal
from streamz.ports.idempotency import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
_STATE = "idempotency"  # scope state: the _Held key of this request
_NOT_KEPT = b"/problems/idempotency-key-"  # problems about the key itself: never an answer
_NOT_STORED_HEADERS = {
    b"content-length",
    b"date",
    b"server",
    b"connection",
    b"transfer-encoding",
    b"x-request-id",
    b"idempotent-replayed",
}
log = structlog.get_logger("streamz.idempotency")

KeyHeader = Annotated[
    str | None,
    HeaderParameter(
        name=HEADER,
        required=False,
        description=(
            "Makes a retry safe: 1-255 printable ASCII characters, unique per operation (a"
            " UUID). A retry with the same key within 24 hours gets the first answer again"
            f" (`{REPLAYED}: true`) instead of doing the work twice; the same key with another"
            " request is `idempotency-key-reused` (422), a retry while the first is still"
            " running `idempotency-key-in-progress` (409, `Retry-After`). Keys are per"
            " account and route; 5xx and 429 answers are not kept."
        ),
    ),
]


@dataclass(frozen=True, slots=True)
class Idempotent:
    """What a handler learns: ``key`` (the scoped key, for use cases that record it with
    their work, such as chat sends) or None without an ``Idempotency-Key``, and whether the
    work was committed by an earlier request whose answer was lost (``recovering``)."""

    key: str | None = None
    recovering: bool = False


_NO_KEY = Idempotent()


@dataclass(frozen=True, slots=True)
class _Held:
    service: Idempotency
    operation: Operation
    begun: Begun


class _Replay(Exception):
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        super().__init__("replayed")
        self.status = status
        self.headers = headers
        self.body = body


def seal(operation: Operation, status: int, headers: list[tuple[str, str]], body: bytes) -> bytes:
    nonce = os.urandom(12)
    plain = msgspec.msgpack.encode((status, headers, body))
    return nonce + AESGCM(operation.secret).encrypt(nonce, plain, operation.record_id.encode())


def unseal(operation: Operation, sealed: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """The answer ``seal`` kept; ``ValueError`` if it is not one of this key's."""
    try:
        plain = AESGCM(operation.secret).decrypt(
            sealed[:12], sealed[12:], operation.record_id.encode()
        )
    except InvalidTag:
        raise ValueError("the stored answer does not open with this key") from None
    status, headers, body = msgspec.msgpack.decode(
        plain, type=tuple[int, list[tuple[str, str]], bytes]
    )
    return status, headers, body


async def _fingerprint_input(request: Request[Any, Any, Any]) -> bytes:
    """Method, path, query and body; a multipart body by its parts (a retry of an upload draws
    a new boundary), parsed here once for the handler too."""
    if request.content_type[0] == RequestEncodingType.MULTI_PART:
        parts: list[tuple[str, ...] | tuple[str, str | None, str, bytes]] = []
        for name, value in (await request.form()).multi_items():
            if isinstance(value, UploadFile):
                data = await value.read()
                await value.seek(0)
                parts.append((name, value.filename, value.content_type, data))
            else:
                parts.append((name, str(value)))
        body = msgspec.msgpack.encode(parts)
    else:
        body = await request.body()
    query = request.scope.get("query_string", b"")
    return b"\n".join((request.method.encode(), request.url.path.encode(), query, body))


async def idempotency(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    idempotency_key: KeyHeader = None,
) -> Idempotent:
    """The ``idempotency`` dependency of ``@idempotent`` routes (see the module)."""
    if idempotency_key is None:
        return _NO_KEY
    key = check_key(idempotency_key)
    if principal.account_id is None:  # anonymous: no caller to keep keys for (refused anyway)
        return _NO_KEY
    name = f"{request.method} {request.scope['path_template']}"
    operation = Operation(principal.account_id, name, key)
    fingerprint = operation.fingerprint(await _fingerprint_input(request))
    container: AsyncContainer = request.state.dishka_container
    service = await container.get(Idempotency)
    begun = await service.begin(operation, fingerprint)
    if begun.answer is not None:
        raise _Replay(*unseal(operation, _answer(begun.answer)))
    request.scope.setdefault("state", {})[_STATE] = _Held(service, operation, begun)
    return Idempotent(operation.record_id, recovering=begun.recovering)


def _answer(record: IdempotencyRecord) -> bytes:
    if record.answer is None:  # pragma: no cover - a record with a status has an answer
        raise ValueError("an answered record without its answer")
    return record.answer


def _replay(request: Request[Any, Any, Any], replay: _Replay) -> Response[bytes]:
    media_type = next((v for k, v in replay.headers if k == "content-type"), None)
    headers = {k: v for k, v in replay.headers if k != "content-type"}
    headers[REPLAYED] = "true"
    return Response(
        replay.body,
        status_code=replay.status,
        media_type=media_type or "application/json",
        headers=headers,
    )


def idempotency_middleware(app: ASGIApp) -> ASGIApp:
    """Keeps the answer of a request that holds a key, then frees the key."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        status = 0
        headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status
            held: _Held | None = scope.get("state", {}).get(_STATE)
            if held is not None and message["type"] == "http.response.start":
                status = message["status"]
                sent = list(message.get("headers", []))
                headers.extend(
                    (k.decode("latin-1").lower(), v.decode("latin-1"))
                    for k, v in sent
                    if k.lower() not in _NOT_STORED_HEADERS
                )
                if held.begun.recovering:  # the work was committed by the first request
                    message["headers"] = [*sent, (REPLAYED.lower().encode(), b"true")]
            elif held is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await app(scope, receive, capture)
        finally:
            held = scope.get("state", {}).pop(_STATE, None)
            if held is not None:
                await _finish(held, status, headers, b"".join(chunks))

    return middleware


async def _finish(held: _Held, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
    try:
        if status and storable(status) and (status < 400 or _NOT_KEPT not in body[:200]):
            sealed = seal(held.operation, status, headers, body)
            await held.service.finish(held.begun, status, sealed)
        else:
            await held.service.release(held.begun)
    except Exception as error:  # the answer was sent; a retry redoes or finds the work
        log.warning("idempotency answer not kept", error=repr(error))


_DEPENDENCY = Provide(idempotency)
_REPLAYED_HEADER = ResponseHeader(
    name=REPLAYED,
    value="true",
    description="`true` on an answer given again for a retried `Idempotency-Key`",
    documentation_only=True,
)


def idempotent(handler: HTTPRouteHandler) -> HTTPRouteHandler:
    """Accept ``Idempotency-Key`` on this route (above ``@post``); the handler takes
    ``idempotency: NamedDependency[Idempotent]``."""
    handler.dependencies = {**(handler.dependencies or {}), "idempotency": _DEPENDENCY}
    handler.middleware = [*(handler.middleware or ()), idempotency_middleware]
    handler.exception_handlers = {**(handler.exception_handlers or {}), _Replay: _replay}
    handler.response_headers = [*(handler.response_headers or ()), _REPLAYED_HEADER]
    return handler
