"""Parsing the opaque ``after`` cursor of notification lists."""

from __future__ import annotations

import uuid

from streamz.core.errors import Invalid


def parse_cursor(after: str | None, field: str = "query.after") -> uuid.UUID | None:
    if after is None:
        return None
    try:
        return uuid.UUID(after)
    except ValueError:
        raise Invalid.field(field, "not a cursor from `next`") from None
