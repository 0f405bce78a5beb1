from __future__ import annotations

from dataclasses import dataclass

from streamz.core.chat.entities import ChatroomView
from streamz.core.chat.writes import ChatWrites
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class GetChatroomRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class GetChatroom:
    """A channel's chatroom with its settings (defaults until changed) and rules.

    - Public: anyone may read it. Unknown channel: ``ChannelNotFound``.
    """

    writes: ChatWrites

    async def __call__(self, request: GetChatroomRequest) -> ChatroomView:
        return await self.writes.by_channel(request.channel)
