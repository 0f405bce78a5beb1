"""Idempotency keys: a retried request gets the first request's answer, and its work is done once.

As Stripe and draft-ietf-httpapi-idempotency-key-header do it:

- A key is 1-255 printable ASCII characters (space to ``~``); anything else is
  ``invalid-idempotency-key`` (400). Clients use a fresh random value (a UUID) per operation.
- A key belongs to its caller: it is scoped by the account, the operation (HTTP method and
  route template, or the websocket frame type) and the key. Other accounts' keys never meet.
- The first request with a key does the work. Its answer, when it is a success or the
  client's error (2xx, 4xx; never a 5xx or 503, nor a 429: a retry of those may really redo
  the work), is kept for ``KEEP`` (24 hours) and answered again, as it was, to every retry
  with the same key.
- The same key for a different request (another fingerprint: body, path, query) is
  ``idempotency-key-reused`` (422); a retry while the first is still being carried out is
  ``idempotency-key-in-progress`` (409, ``retry_after``).
- The key is recorded in the transaction of the work itself (``IdempotencyStore.reserve``), so
  work that was committed is never done again, even when the process died between the commit
  and the answer. A retry then runs the operation again, which finds what it did when it can
  (a chat send finds its message by the key) or fails at commit with
  ``idempotency-key-in-progress`` rather than doing it twice.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta

from streamz.core.idempotency.errors import (
    IdempotencyKeyInProgress,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
)
from streamz.ports.clock import Clock
from streamz.ports.idempotency import IdempotencyLocks, IdempotencyRecord, IdempotencyStore

KEEP = timedelta(hours=24)
LOCK_SECONDS = 30  # the longest a request may work on a key before a retry may take over
MAX_KEY = 255
RETRY_AFTER = 1


def check_key(raw: str) -> str:
    """``raw`` if it is a valid key, else ``InvalidIdempotencyKey``."""
    if not 1 <= len(raw) <= MAX_KEY or not all(" " <= c <= "~" for c in raw):
        raise InvalidIdempotencyKey(f"an idempotency key is 1-{MAX_KEY} printable ASCII characters")
    return raw


def storable(status: int) -> bool:
    """Answers kept for retries: successes and the client's errors; not the server's errors
    (5xx, 503 included) nor 429, whose ``Retry-After`` invites a real retry."""
    return 200 <= status < 300 or (400 <= status < 500 and status != 429)


@dataclass(frozen=True, slots=True)
class Operation:
    """One caller's use of one key for one operation."""

    account_id: uuid.UUID
    name: str  # e.g. "POST /private/v1/channels/{identifier}/chatroom/messages", "ws send"
    key: str
    field: str = "header.Idempotency-Key"  # where the key came from, for error messages

    def _material(self) -> bytes:
        return f"{self.account_id}\n{self.name}\n{self.key}".encode()

    @property
    def record_id(self) -> str:
        """Names the record without revealing the key."""
        return hashlib.sha256(b"streamz-idempotency-record\x00" + self._material()).hexdigest()

    @property
    def secret(self) -> bytes:
        """32 bytes only the key's holder can derive (to seal the stored answer with)."""
        return hashlib.sha256(b"streamz-idempotency-answer\x00" + self._material()).digest()

    def fingerprint(self, request: bytes) -> str:
        """What the request asked for, keyed by the key (not guessable from the store)."""
        return hmac.new(self.key.encode(), request, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Begun:
    """``answer``: the first answer, to give again (nothing is held). Otherwise this request
    holds the key and must ``finish``; ``recovering``: the first request's work was committed
    but its answer was lost, so the operation must find what it did."""

    record: IdempotencyRecord
    answer: IdempotencyRecord | None = None
    recovering: bool = False

    @property
    def replayed(self) -> bool:
        return self.answer is not None or self.recovering


@dataclass(frozen=True, slots=True)
class Idempotency:
    """Begins and finishes operations that carry an idempotency key (see the module)."""

    store: IdempotencyStore
    locks: IdempotencyLocks
    clock: Clock

    async def begin(self, operation: Operation, fingerprint: str) -> Begun:
        """The first answer to give again, or the key held by this request and reserved in
        its unit of work; ``IdempotencyKeyReused``, ``IdempotencyKeyInProgress``."""
        now = self.clock.now()
        record = IdempotencyRecord(
            operation.record_id, operation.account_id, fingerprint, now, now + KEEP
        )
        first = await self.store.get(record.record_id, now)
        if (answered := _answered(first, record, operation)) is not None:
            return answered
        if not await self.locks.acquire(record.record_id, LOCK_SECONDS):
            raise IdempotencyKeyInProgress(
                "a request with this idempotency key is being carried out; retry shortly",
                retry_after=RETRY_AFTER,
            )
        try:
            first = await self.store.get(record.record_id, now)  # it may have just finished
            if (answered := _answered(first, record, operation)) is not None:
                await self.locks.release(record.record_id)
                return answered
            await self.store.reserve(record)
        except BaseException:
            await self.locks.release(record.record_id)
            raise
        return Begun(record, recovering=first is not None)

    async def finish(self, begun: Begun, status: int, answer: bytes) -> None:
        """Keep the answer if it is one to keep (``storable``), and free the key."""
        try:
            if begun.answer is None and storable(status):
                await self.store.complete(replace(begun.record, status=status, answer=answer))
        finally:
            await self.release(begun)

    async def release(self, begun: Begun) -> None:
        """Free the key without keeping an answer (a server error: a retry may do it)."""
        if begun.answer is None:
            await self.locks.release(begun.record.record_id)


def _answered(
    first: IdempotencyRecord | None, record: IdempotencyRecord, operation: Operation
) -> Begun | None:
    if first is None:
        return None
    if first.fingerprint != record.fingerprint:
        raise IdempotencyKeyReused(
            "this idempotency key was used for a different request; use a new key",
            field=operation.field,
        )
    if first.status is None:
        return None
    return Begun(record, answer=first)
