"""The request class of the app: a body that cannot be decoded is the client's error.

msgspec raises ``RecursionError`` for JSON nested deeper than it will follow and
``UnicodeDecodeError`` for strings that are not UTF-8; Litestar only turns ``DecodeError``
into a 400. Both become ``SerializationException`` here, which Litestar answers with a 400
that ``problems`` renders as ``malformed-body``, before authentication or any other work.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import SerializationException

UNDECODABLE = (RecursionError, UnicodeDecodeError)


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "JSON nested too deeply"
    return "invalid UTF-8"


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
