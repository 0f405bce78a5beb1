"""Input rules of panels and links: lengths, URLs, limits and orders."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from streamz.core.channels.about.errors import InvalidOrder
from streamz.core.errors import FieldError

MAX_PANELS = 20
MAX_LINKS = 10
MAX_TITLE = 100
MAX_BODY = 5_000
MAX_URL = 2_048
MAX_LABEL = 50
SCHEMES = frozenset({"http", "https"})


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an absolute http(s) URL with a host, or None when it is."""
    if len(url) > MAX_URL:
        return f"must be at most {MAX_URL} characters"
    if not url or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return "must be a URL without spaces or control characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port
    except ValueError:
        return "must be a valid URL"
    if parts.scheme.lower() not in SCHEMES:
        return "must be an http or https URL"
    if not host:
        return "must have a host"
    if parts.username is not None or parts.password is not None:
        return "must not hold credentials"
    return None


def check_url(errors: list[FieldError], field: str, url: str | None) -> str | None:
    """``url`` stripped (None stays None); a ``FieldError`` for ``field`` when it is bad."""
    if url is None:
        return None
    url = url.strip()
    problem = url_problem(url)
    if problem is not None:
        errors.append(FieldError(field, f"{field.rsplit('.', 1)[-1]} {problem}"))
    return url


def check_text(
    errors: list[FieldError], field: str, text: str, *, low: int, high: int, strip: bool = True
) -> str:
    value = text.strip() if strip else text
    if not low <= len(value) <= high:
        name = field.rsplit(".", 1)[-1]
        errors.append(FieldError(field, f"{name} must be {low}-{high} characters"))
    return value


def url_key(url: str) -> str:
    """What makes two links the same: scheme and host ignore case, a trailing slash is ignored."""
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    path = parts.path.rstrip("/")
    rest = ("?" + parts.query if parts.query else "") + (
        "#" + parts.fragment if parts.fragment else ""
    )
    return f"{parts.scheme.lower()}://{netloc}{path}{rest}"


def check_order(current: Sequence[uuid.UUID], wanted: Sequence[uuid.UUID]) -> None:
    """``wanted`` must be ``current`` reordered: every id exactly once, nothing else."""
    problems: list[str] = []
    duplicates = sorted(str(i) for i, n in Counter(wanted).items() if n > 1)
    missing = sorted(str(i) for i in set(current) - set(wanted))
    unknown = sorted(str(i) for i in set(wanted) - set(current))
    if duplicates:
        problems.append(f"repeated: {', '.join(duplicates)}")
    if missing:
        problems.append(f"missing: {', '.join(missing)}")
    if unknown:
        problems.append(f"not in this channel: {', '.join(unknown)}")
    if problems:
        message = "ids must list each of the channel's items exactly once; " + "; ".join(problems)
        raise InvalidOrder(message, errors=[FieldError("body.ids", message)])
