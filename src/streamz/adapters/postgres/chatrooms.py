from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from streamz.adapters.postgres.errors import constraint_errors
from streamz.adapters.postgres.models import ChatroomRow
from streamz.core.chat.entities import Chatroom

_T = cast(Table, ChatroomRow.__table__)


class PostgresChatrooms:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, chatroom: Chatroom) -> None:
        async with constraint_errors():
            await self._session.execute(
                insert(_T).values(
                    id=chatroom.id, channel_id=chatroom.channel_id, created_at=chatroom.created_at
                )
            )

    async def get(self, chatroom_id: uuid.UUID) -> Chatroom | None:
        return await self._one(_T.c.id == chatroom_id)

    async def by_channel(self, channel_id: uuid.UUID) -> Chatroom | None:
        return await self._one(_T.c.channel_id == channel_id)

    async def _one(self, condition: Any) -> Chatroom | None:
        query = select(_T.c.id, _T.c.channel_id, _T.c.created_at).where(condition)
        row = (await self._session.execute(query)).first()
        return Chatroom(row.id, row.channel_id, row.created_at) if row else None
