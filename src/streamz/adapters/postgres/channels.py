from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from streamz.adapters.postgres.errors import constraint_errors
from streamz.adapters.postgres.models import ChannelRow
from streamz.core.channels.entities import Channel

_T = cast(Table, ChannelRow.__table__)
_COLUMNS = (
    _T.c.id,
    _T.c.account_id,
    _T.c.slug,
    _T.c.display_name,
    _T.c.bio,
    _T.c.is_live,
    _T.c.followers_count,
    _T.c.created_at,
    _T.c.updated_at,
)


def _entity(row: Any) -> Channel:
    return Channel(
        row.id,
        row.account_id,
        row.slug,
        row.display_name,
        row.bio,
        row.is_live,
        row.followers_count,
        row.created_at,
        row.updated_at,
    )


class PostgresChannels:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, channel: Channel) -> None:
        async with constraint_errors():
            await self._session.execute(
                insert(_T).values(
                    id=channel.id,
                    account_id=channel.account_id,
                    slug=channel.slug,
                    display_name=channel.display_name,
                    bio=channel.bio,
                    is_live=channel.is_live,
                    followers_count=channel.followers_count,
                    created_at=channel.created_at,
                    updated_at=channel.updated_at,
                )
            )

    async def get(self, channel_id: uuid.UUID) -> Channel | None:
        return await self._one(_T.c.id == channel_id)

    async def by_slug(self, slug: str) -> Channel | None:
        return await self._one(_T.c.slug == slug)

    async def by_account(self, account_id: uuid.UUID) -> Channel | None:
        return await self._one(_T.c.account_id == account_id)

    async def _one(self, condition: Any) -> Channel | None:
        result = await self._session.execute(select(*_COLUMNS).where(condition))
        row = result.first()
        return _entity(row) if row else None
