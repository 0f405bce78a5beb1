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

from streamz.adapters.postgres.rows import (
    column_names,
    columns,
    field_names,
    mapper,
    placeholders,
    values,
)
from streamz.adapters.postgres.unit import PostgresUnit
from streamz.core.idempotency.errors import IdempotencyKeyInProgress
from streamz.ports.idempotency import IdempotencyRecord

_RENAME = {"record_id": "id"}
_SELECT = columns(IdempotencyRecord, rename=_RENAME)
_COLUMNS = column_names(IdempotencyRecord, rename=_RENAME)
_ANSWER = ("status", "answer")  # the last fields: what ``complete`` adds
_REPLACE = " SET " + ", ".join(
    f"{c} = EXCLUDED.{c}" for c in field_names(IdempotencyRecord) if c != "record_id"
)
# an expired record is replaced; a live one is left alone
_RESERVE = (
    f"INSERT INTO idempotency_keys AS k ({_COLUMNS})"  # noqa: S608 - fixed names
    f" VALUES ({placeholders(len(field_names(IdempotencyRecord)) - len(_ANSWER))}, NULL, NULL)"
    f" ON CONFLICT (id) DO UPDATE{_REPLACE} WHERE k.expires_at <= EXCLUDED.created_at"
    " RETURNING 1"
)
# fills the reserved record of the same request, or replaces an expired one
_COMPLETE = (
    f"INSERT INTO idempotency_keys AS k ({_COLUMNS})"  # noqa: S608 - fixed names
    f" VALUES ({placeholders(len(field_names(IdempotencyRecord)))})"
    f" ON CONFLICT (id) DO UPDATE{_REPLACE}"
    " WHERE (k.status IS NULL AND k.fingerprint = EXCLUDED.fingerprint)"
    " OR k.expires_at <= EXCLUDED.created_at"
)
_record = mapper(IdempotencyRecord)


class PostgresIdempotencyStore:
    def __init__(self, unit: PostgresUnit) -> None:
        self._unit = unit

    async def get(self, record_id: str, now: datetime) -> IdempotencyRecord | None:
        row = await self._unit.fetchrow(
            f"SELECT {_SELECT} FROM idempotency_keys WHERE id = $1 AND expires_at > $2",  # noqa: S608
            record_id,
            now,
        )
        return _record(row) if row else None

    async def reserve(self, record: IdempotencyRecord) -> None:
        async def insert() -> None:
            rows = await self._unit.fetch_for_write(_RESERVE, *values(record, skip=_ANSWER))
            if not rows:
                raise IdempotencyKeyInProgress(
                    "a request with this idempotency key was already carried out or is being"
                    " carried out; it is not carried out again"
                )

        self._unit.before_commit(insert)

    async def complete(self, record: IdempotencyRecord) -> None:
        await self._unit.close()
        await self._unit.execute(_COMPLETE, *values(record))
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
