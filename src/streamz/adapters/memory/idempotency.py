"""Idempotency records and in-flight marks in memory (one process: tests and the library)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from streamz.adapters.memory.database import MemoryUnit
from streamz.core.idempotency.errors import IdempotencyKeyInProgress
from streamz.ports.clock import Clock
from streamz.ports.idempotency import IdempotencyRecord

TABLE = "idempotency_keys"


class MemoryIdempotencyStore:
    """Reads and answers go to the committed tables; reservations ride on the unit."""

    def __init__(self, unit: MemoryUnit) -> None:
        self._unit = unit

    def _committed(self) -> dict[str, IdempotencyRecord]:
        return self._unit.database.tables.table(TABLE)

    async def get(self, record_id: str, now: datetime) -> IdempotencyRecord | None:
        record = self._committed().get(record_id)
        return record if record is not None and record.expires_at > now else None

    async def reserve(self, record: IdempotencyRecord) -> None:
        async def insert() -> None:
            # as on Postgres, where the hook runs only in a transaction: a unit that wrote
            # nothing commits no record
            if self._unit.tables == self._unit._snapshot:  # the adapters' package's own unit
                return
            live = self._committed().get(record.record_id)
            if live is not None and live.expires_at > record.created_at:
                raise IdempotencyKeyInProgress(
                    "a request with this idempotency key was already carried out or is being"
                    " carried out; it is not carried out again"
                )
            self._unit.tables.table(TABLE)[record.record_id] = replace(
                record, status=None, answer=None
            )

        self._unit.before_commit(insert)

    async def complete(self, record: IdempotencyRecord) -> None:
        await self._unit.rollback()  # ends the unit, as Postgres closes it: uncommitted work goes
        rows = self._committed()
        live = rows.get(record.record_id)
        if (
            live is None
            or live.expires_at <= record.created_at
            or (live.status is None and live.fingerprint == record.fingerprint)
        ):
            rows[record.record_id] = record

    async def sweep(self, now: datetime, limit: int) -> int:
        rows = self._unit.tables.table(TABLE)
        # the earliest expiry first, as Postgres deletes them
        expired = sorted((r.expires_at, k) for k, r in rows.items() if r.expires_at <= now)
        expired = expired[:limit]
        for _, key in expired:
            del rows[key]
        return len(expired)


class MemoryIdempotencyLocks:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._until: dict[str, float] = {}

    async def acquire(self, name: str, seconds: int) -> bool:
        now = self._clock.now().timestamp()
        if self._until.get(name, 0.0) > now:
            return False
        self._until[name] = now + seconds
        return True

    async def release(self, name: str) -> None:
        self._until.pop(name, None)
