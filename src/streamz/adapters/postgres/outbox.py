from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from streamz.adapters.postgres.models import OutboxRow
from streamz.core.shared.events import Event

_T = cast(Table, OutboxRow.__table__)


class PostgresOutbox:
    """Writes events in the caller's transaction; ``OutboxRelay`` publishes them after commit."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, event: Event) -> None:
        await self._session.execute(
            insert(_T).values(
                id=event.id,
                topic=event.topic,
                key=event.key,
                payload=event.payload,
                occurred_at=event.occurred_at,
            )
        )


class PostgresPendingEvents:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, limit: int) -> list[Event]:
        query = (
            select(_T.c.id, _T.c.topic, _T.c.key, _T.c.payload, _T.c.occurred_at)
            .where(_T.c.published_at.is_(None))
            .order_by(_T.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = await self._session.execute(query)
        return [Event(r.topic, r.key, r.payload, r.occurred_at, r.id) for r in rows]

    async def mark_published(self, events: list[Event], at: datetime) -> None:
        await self._session.execute(
            update(_T)
            .where(_T.c.id.in_([e.id for e in events]))
            .values(published_at=at, attempts=_T.c.attempts + 1)
        )
