"""Cursor pagination shared by every list use case."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

from streamz.core.errors import Invalid
from streamz.core.shared.ids import parse_id

T = TypeVar("T")
MAX_LIMIT = 100
MAX_CURSOR = 512


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    data: list[T]
    next: str | None


def encode_cursor(values: list[str]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[str]:
    """The values in ``cursor``; a cursor that was not made by us is an ``Invalid`` input."""
    if len(cursor) > MAX_CURSOR:
        raise Invalid.field("query.after", "cursor is malformed")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise Invalid.field("query.after", "cursor is malformed") from None
    if (
        not isinstance(values, list)
        or len(values) != size
        or not all(isinstance(v, str) for v in values)
    ):
        raise Invalid.field("query.after", "cursor is malformed")
    return values


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid.field("query.limit", f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def decode_id_cursor(cursor: str) -> uuid.UUID:
    """A cursor holding one row id."""
    (raw,) = decode_cursor(cursor, 1)
    value = parse_id(raw)
    if value is None:
        raise Invalid.field("query.after", "cursor is malformed")
    return value
