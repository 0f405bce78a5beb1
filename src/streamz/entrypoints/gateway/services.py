"""The hub's use-case calls, each in a unit of work of its own (a REQUEST scope)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from dishka import AsyncContainer

from streamz.core.identity.entities import Principal
from streamz.core.realtime.replay import Replay, ReplayRoom
from streamz.core.realtime.room_head import RoomHead
from streamz.core.realtime.viewers import RecordViewers, RecordViewersRequest, ViewerSample

SYSTEM = Principal.system()


class ContainerServices:
    def __init__(self, container: AsyncContainer) -> None:
        self._container = container

    async def replay(self, chatroom_id: uuid.UUID, after_seq: int) -> Replay:
        async with self._container() as scope:
            return await (await scope.get(ReplayRoom))(chatroom_id, after_seq)

    async def head(self, chatroom_id: uuid.UUID) -> int:
        async with self._container() as scope:
            return await (await scope.get(RoomHead))(chatroom_id)

    async def record(self, samples: Sequence[ViewerSample]) -> None:
        async with self._container() as scope:
            await (await scope.get(RecordViewers))(RecordViewersRequest(SYSTEM, samples))
