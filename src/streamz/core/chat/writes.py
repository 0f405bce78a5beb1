"""What every chatroom read and write shares: finding the chatroom, who may change it, and what
a change leaves behind."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from streamz.core.channels.access import ChannelAccess
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import Permission
from streamz.core.chat.entities import ChatroomConfig, ChatroomView
from streamz.core.chat.errors import ChatroomNotFound
from streamz.core.chat.room_events import RoomEventWriter
from streamz.core.identity.entities import Principal, Scope
from streamz.ports.chat import ChatroomRepository
from streamz.ports.chat_settings import ChatroomSettingsRepository

SETTINGS_UPDATED = "chatroom.settings_updated"
RULES_UPDATED = "chatroom.rules_updated"


@dataclass(frozen=True, slots=True)
class ChatWrites:
    """Reads: chatrooms are public (unknown channel: ``ChannelNotFound``; unknown chatroom:
    ``ChatroomNotFound``).

    - Writers: the owner, a moderator with ``manage_settings``, API tokens of those with
      ``channel:write``, staff on the Admin API, the system.
    - Every write records an audit entry (who, acting as what) and an outbox event, in the
      transaction of the change.
    """

    changes: ChannelChanges
    chatrooms: ChatroomRepository
    configs: ChatroomSettingsRepository
    events: RoomEventWriter

    async def by_channel(self, identifier: str) -> ChatroomView:
        channel = await self.changes.find_channel(identifier)
        chatroom = await self.chatrooms.by_channel(channel.id)
        if chatroom is None:
            raise ChatroomNotFound(f"channel {identifier!r} has no chatroom")
        return ChatroomView(chatroom, channel, await self._config(chatroom.id))

    async def by_id(self, chatroom_id: uuid.UUID) -> ChatroomView:
        chatroom = await self.chatrooms.get(chatroom_id)
        if chatroom is None:
            raise ChatroomNotFound(f"no chatroom {chatroom_id}")
        channel = await self.changes.channels.get(chatroom.channel_id)
        if channel is None:
            raise ChannelNotFound(f"no channel {chatroom.channel_id}")
        return ChatroomView(chatroom, channel, await self._config(chatroom.id))

    async def _config(self, chatroom_id: uuid.UUID, *, lock: bool = False) -> ChatroomConfig:
        config = await self.configs.get(chatroom_id, lock=lock)
        return config if config is not None else ChatroomConfig(chatroom_id)

    async def authorize(
        self, actor: Principal, identifier: str
    ) -> tuple[ChannelAccess, ChatroomView]:
        """The access and the chatroom, its config locked until the change commits."""
        access = await self.changes.authorize(
            actor,
            identifier,
            permission=Permission.MANAGE_SETTINGS,
            scope=Scope.CHANNEL_WRITE,
        )
        chatroom = await self.chatrooms.by_channel(access.channel.id)
        if chatroom is None:
            raise ChatroomNotFound(f"channel {identifier!r} has no chatroom")
        config = await self._config(chatroom.id, lock=True)
        return access, ChatroomView(chatroom, access.channel, config)

    async def save(
        self,
        access: ChannelAccess,
        actor: Principal,
        view: ChatroomView,
        config: ChatroomConfig,
        action: str,
        topic: str,
        changes: dict[str, Any],
    ) -> ChatroomView:
        """Stores ``config``, then the room event and the audit entry naming ``changes``;
        commits."""
        now = self.changes.clock.now()
        await self.configs.save(config)
        ids = {"chatroom_id": str(view.chatroom.id), "channel_id": str(view.channel.id)}
        details = {**ids, **changes}
        await self.events(view.chatroom.id, topic, details, now)
        await self.changes.commit(access, actor, action, details=details, at=now)
        return ChatroomView(view.chatroom, view.channel, config)
