"""The request class of the app: a body that cannot be decoded is the client's error.

msgspec raises ``RecursionError`` for JSON nested deeper than it will follow and
``UnicodeDecodeError`` for strings that are not UTF-8; Litestar only turns ``DecodeError``
into a 400. Both become ``SerializationException`` here, which Litestar answers with a 400
that ``problems`` renders as ``malformed-body``, before authentication or any other work.
Handlers that decode the raw body themselves use ``decode_body``, which fails the same way.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ClientException, SerializationException

UNDECODABLE = (RecursionError, UnicodeDecodeError)


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "JSON nested too deeply"
    if isinstance(error, msgspec.DecodeError):
        return str(error)
    return "invalid UTF-8"


def decode_body(raw: bytes) -> Any:
    """``raw`` decoded as JSON, untyped; a body that cannot be decoded (malformed, nested too
    deeply, not UTF-8) is the 400 Litestar raises for such bodies (``malformed-body``)."""
    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, *UNDECODABLE) as error:
        raise ClientException(_reason(error)) from None


class StreamzRequest(Request[Any, Any, Any]):
    async def json(self) -> Any:
        try:
            return await super().json()
        except UNDECODABLE as error:
            raise SerializationException(_reason(error)) from None

    async def msgpack(self) -> Any:
        try:
            return await super().msgpack()
        except UNDECODABLE as error:
            raise SerializationException(_reason(error)) from None
