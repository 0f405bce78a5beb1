"""The one error hierarchy of Streamz.

Every error carries a stable ``code`` (the last segment of the RFC 9457 problem ``type``) and a
human ``detail``. Entrypoints map these classes to transport errors in exactly one place each
(HTTP: ``streamz.entrypoints.http.problems``; CLI: one line and a non-zero exit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid input field: ``field`` is a dotted path such as ``body.username``."""

    field: str
    message: str


class StreamzError(Exception):
    """Base of every error a use case may raise on purpose."""

    code = "error"
    title = "Error"

    def __init__(self, detail: str, *, extra: Mapping[str, object] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra: Mapping[str, object] = extra or {}


class NotFound(StreamzError):
    code = "not-found"
    title = "Not found"


class Conflict(StreamzError):
    code = "conflict"
    title = "Conflict"


class Forbidden(StreamzError):
    code = "forbidden"
    title = "Forbidden"


class Unauthenticated(StreamzError):
    code = "unauthenticated"
    title = "Authentication required"


class RateLimited(StreamzError):
    code = "rate-limited"
    title = "Too many requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, extra={"retry_after": retry_after})
        self.retry_after = retry_after


class Unavailable(StreamzError):
    code = "unavailable"
    title = "Dependency unavailable"


class Invalid(StreamzError):
    """Input that breaks a rule; ``errors`` names each bad field."""

    code = "invalid"
    title = "Invalid input"

    def __init__(self, detail: str, *, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.errors: list[FieldError] = errors or []

    @classmethod
    def field(cls, path: str, message: str) -> Invalid:
        return cls(message, errors=[FieldError(path, message)])
