from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.chat.entities import ChatroomView
from streamz.core.chat.writes import ChatWrites
from streamz.core.identity.entities import Principal


@dataclass(frozen=True, slots=True)
class FindChatroomRequest:
    actor: Principal
    chatroom_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class FindChatroom:
    """A chatroom by its own id, with its channel, settings and rules.

    - Public: anyone may read it. Unknown chatroom: ``ChatroomNotFound``.
    """

    writes: ChatWrites

    async def __call__(self, request: FindChatroomRequest) -> ChatroomView:
        return await self.writes.by_id(request.chatroom_id)
