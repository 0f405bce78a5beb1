"""Where retried requests find their first answer (``Idempotency-Key``).

Records are named by an opaque ``record_id`` (a hash of the caller, the operation and the
key). A record is *reserved* with the unit of work of the request that does the work, so it
exists exactly when that work was committed; its answer is *completed* afterwards.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class IdempotencyRecord:
    record_id: str
    account_id: uuid.UUID
    fingerprint: str  # what the first request asked for
    created_at: datetime
    expires_at: datetime
    status: int | None = None  # None: the work was committed, its answer is not stored (yet)
    answer: bytes | None = None  # the first answer, as the entrypoint encoded it


class IdempotencyStore(Protocol):
    async def get(self, record_id: str, now: datetime) -> IdempotencyRecord | None:
        """The record, unless it expired by ``now`` (then there is none)."""
        ...

    async def reserve(self, record: IdempotencyRecord) -> None:
        """Write ``record`` (no answer) with the request's unit of work: it is stored when
        that unit commits what it wrote, in the same transaction, and never if it rolls back
        or writes nothing. If a live record with its id was committed by then, the commit
        fails with ``IdempotencyKeyInProgress``, so the work is not done twice."""
        ...

    async def complete(self, record: IdempotencyRecord) -> None:
        """Store the answer of ``record`` once the request's work is over: ends the request's
        unit of work (what it left uncommitted is rolled back), then stores the answer at once
        in a transaction of its own. Fills the record reserved for it, or creates it; a record
        that already has an answer or another fingerprint is left as it is, unless expired."""
        ...

    async def sweep(self, now: datetime, limit: int) -> int:
        """Delete up to ``limit`` records expired by ``now``; how many."""
        ...


class IdempotencyLocks(Protocol):
    """Marks a key as being worked on, for at most ``seconds`` (the holder may die)."""

    async def acquire(self, name: str, seconds: int) -> bool:
        """True if the lock was free and is now held; ``Unavailable`` if unknowable."""
        ...

    async def release(self, name: str) -> None:
        """Free the lock (errors are swallowed: it expires anyway)."""
        ...
