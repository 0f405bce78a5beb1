"""Input rules shared by the search use cases."""

from __future__ import annotations

import re

from streamz.core.errors import Invalid

MAX_QUERY = 100  # characters of a query
MAX_LIMIT = 50  # hits per page and kind
MAX_PAGE = 100  # deeper pages are refused (use filters)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """A query as counted for trending: trimmed, lower case, single spaces."""
    return _SPACES.sub(" ", text).strip().lower()


def query_text(text: str, field: str = "query.q") -> str:
    cleaned = _SPACES.sub(" ", text).strip()
    if len(cleaned) > MAX_QUERY:
        raise Invalid.field(field, f"at most {MAX_QUERY} characters")
    if any(ord(c) < 32 for c in cleaned):
        raise Invalid.field(field, "control characters are not allowed")
    return cleaned


def limit(value: int, field: str = "query.limit", high: int = MAX_LIMIT) -> int:
    if not 1 <= value <= high:
        raise Invalid.field(field, f"must be between 1 and {high}")
    return value


def page_of(after: str | None, field: str = "query.after") -> int:
    """The page a cursor (``next`` of the previous page) names; the first without one."""
    if after is None or after == "":
        return 1
    if not after.isdigit() or not 2 <= int(after) <= MAX_PAGE:
        raise Invalid.field(field, "cursor is malformed")
    return int(after)
