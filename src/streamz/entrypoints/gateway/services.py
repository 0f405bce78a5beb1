"""The hub's use-case calls, each in a unit of work of its own (a REQUEST scope)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from dishka import AsyncContainer

from streamz.core.identity.authenticate import Authenticate, AuthenticateRequest
from streamz.core.identity.entities import Principal
from streamz.core.realtime.replay import Replay, ReplayRoom
from streamz.core.realtime.room_head import RoomHead
from streamz.core.realtime.room_team import RoomTeam
from streamz.core.realtime.viewers import RecordViewers, RecordViewersRequest, ViewerSample

SYSTEM = Principal.system()


class ContainerServices:
    def __init__(self, container: AsyncContainer) -> None:
        self._container = container

    async def replay(
        self, chatroom_id: uuid.UUID, after_seq: int, limit: int, *, viewers: bool, bounded: bool
    ) -> Replay:
        async with self._container() as scope:
            replay = await scope.get(ReplayRoom)
            return await replay(chatroom_id, after_seq, limit, viewers=viewers, bounded=bounded)

    async def head(self, chatroom_id: uuid.UUID) -> int:
        async with self._container() as scope:
            return await (await scope.get(RoomHead))(chatroom_id)

    async def record(self, samples: Sequence[ViewerSample]) -> None:
        async with self._container() as scope:
            await (await scope.get(RecordViewers))(RecordViewersRequest(SYSTEM, samples))

    async def authenticate(self, token: str) -> Principal:
        """A session JWT or a Public API token (``stz_...``), as on the Public API."""
        async with self._container() as scope:
            use_case = await scope.get(Authenticate)
            return await use_case(AuthenticateRequest(token, allow_api_token=True))

    async def team(self, principal: Principal, channel_id: uuid.UUID) -> bool:
        async with self._container() as scope:
            return await (await scope.get(RoomTeam))(principal, channel_id)
