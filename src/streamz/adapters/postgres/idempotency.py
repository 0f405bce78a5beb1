"""Idempotency records on PostgreSQL (``idempotency_keys``).

``reserve`` inserts the record as the last write of the request's transaction (a before-commit
hook of the unit), so it is committed with the work or not at all; a live record inserted by
another transaction makes the insert wait for it, then update nothing, and the commit fails.
``complete`` runs once the request's work is over: it ends the unit (rolling back what a failed
use case left uncommitted and giving its connection back), then writes the answer in a
transaction of its own, so a request never holds two connections of the pool at once.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg

from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.idempotency.errors import IdempotencyKeyInProgress
from streamz.ports.idempotency import IdempotencyRecord

_COLUMNS = "id, account_id, fingerprint, status, answer, created_at, expires_at"
_REPLACE = (
    " SET account_id = EXCLUDED.account_id, fingerprint = EXCLUDED.fingerprint,"
    " status = EXCLUDED.status, answer = EXCLUDED.answer,"
    " created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at"
)
# an expired record is replaced; a live one is left alone
_RESERVE = (
    f"INSERT INTO idempotency_keys AS k ({_COLUMNS}) VALUES ($1, $2, $3, NULL, NULL, $4, $5)"  # noqa: S608
    f" ON CONFLICT (id) DO UPDATE{_REPLACE} WHERE k.expires_at <= EXCLUDED.created_at"
    " RETURNING 1"
)
# fills the reserved record of the same request, or replaces an expired one
_COMPLETE = (
    f"INSERT INTO idempotency_keys AS k ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"  # noqa: S608
    f" ON CONFLICT (id) DO UPDATE{_REPLACE}"
    " WHERE (k.status IS NULL AND k.fingerprint = EXCLUDED.fingerprint)"
    " OR k.expires_at <= EXCLUDED.created_at"
)


def _record(row: asyncpg.Record) -> IdempotencyRecord:
    return IdempotencyRecord(
        record_id=row["id"],
        account_id=row["account_id"],
        fingerprint=row["fingerprint"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        status=row["status"],
        answer=row["answer"],
    )


class PostgresIdempotencyStore:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def get(self, record_id: str, now: datetime) -> IdempotencyRecord | None:
        row = await self._unit.fetchrow(
            f"SELECT {_COLUMNS} FROM idempotency_keys WHERE id = $1 AND expires_at > $2",  # noqa: S608
            record_id,
            now,
        )
        return _record(row) if row else None

    async def reserve(self, record: IdempotencyRecord) -> None:
        async def insert() -> None:
            rows = await self._unit.fetch_for_write(
                _RESERVE,
                record.record_id,
                record.account_id,
                record.fingerprint,
                record.created_at,
                record.expires_at,
            )
            if not rows:
                raise IdempotencyKeyInProgress(
                    "a request with this idempotency key was already carried out or is being"
                    " carried out; it is not carried out again"
                )

        self._unit.before_commit(insert)

    async def complete(self, record: IdempotencyRecord) -> None:
        await self._unit.close()
        await self._unit.execute(
            _COMPLETE,
            record.record_id,
            record.account_id,
            record.fingerprint,
            record.status,
            record.answer,
            record.created_at,
            record.expires_at,
        )
        await self._unit.commit()

    async def sweep(self, now: datetime, limit: int) -> int:
        status = await self._unit.execute(
            "DELETE FROM idempotency_keys WHERE id IN ("
            " SELECT id FROM idempotency_keys WHERE expires_at <= $1"
            " ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)",
            now,
            limit,
        )
        return int(status.split()[-1])
