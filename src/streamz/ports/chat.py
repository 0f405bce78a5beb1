import uuid
from typing import Protocol

from streamz.core.chat.entities import Chatroom


class ChatroomRepository(Protocol):
    async def add(self, chatroom: Chatroom) -> None: ...

    async def get(self, chatroom_id: uuid.UUID) -> Chatroom | None: ...

    async def by_channel(self, channel_id: uuid.UUID) -> Chatroom | None: ...
