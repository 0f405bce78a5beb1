"""Errors of idempotency keys; each ``code`` is the stable end of the problem ``type``."""

from __future__ import annotations

from streamz.core.errors import Conflict, FieldError, Invalid, StreamzError


class InvalidIdempotencyKey(StreamzError):
    """Not 1-255 printable ASCII characters (400)."""

    code = "invalid-idempotency-key"
    title = "Invalid idempotency key"


class IdempotencyKeyReused(Invalid):
    """The key was used for a different request (422)."""

    code = "idempotency-key-reused"
    title = "Idempotency key reused for another request"

    def __init__(self, detail: str, *, field: str = "header.Idempotency-Key") -> None:
        super().__init__(detail, errors=[FieldError(field, detail)])


class IdempotencyKeyInProgress(Conflict):
    """A request with the key is being carried out (or was, and is not carried out again):
    409 with ``retry_after``."""

    code = "idempotency-key-in-progress"
    title = "A request with this idempotency key is in progress"

    def __init__(self, detail: str, *, retry_after: int = 1) -> None:
        super().__init__(detail, extra={"retry_after": retry_after})
        self.retry_after = retry_after
