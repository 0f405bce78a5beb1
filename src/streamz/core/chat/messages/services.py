"""The ports every message use case shares, and finding a channel's chatroom."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.entities import Channel
from streamz.core.chat.entities import Chatroom, ChatroomConfig
from streamz.core.chat.errors import ChatroomNotFound
from streamz.core.chat.room_events import RoomEventWriter
from streamz.ports.chat import ChatroomRepository
from streamz.ports.chat_settings import ChatroomSettingsRepository
from streamz.ports.identity import AccountRepository
from streamz.ports.messages import MessageRepository, PinRepository


@dataclass(frozen=True, slots=True)
class Room:
    channel: Channel
    chatroom: Chatroom


@dataclass(frozen=True, slots=True)
class MessageServices:
    changes: ChannelChanges  # the channels, roles, audit log, unit of work and clock
    chatrooms: ChatroomRepository
    configs: ChatroomSettingsRepository
    accounts: AccountRepository
    messages: MessageRepository
    pins: PinRepository
    events: RoomEventWriter  # durable room events: take the room's next seq

    async def room(self, identifier: str) -> Room:
        """The channel (``ChannelNotFound``) and its chatroom (``ChatroomNotFound``)."""
        channel = await find_channel(self.changes.channels, identifier)
        chatroom = await self.chatrooms.by_channel(channel.id)
        if chatroom is None:
            raise ChatroomNotFound(f"channel {identifier!r} has no chatroom")
        return Room(channel, chatroom)

    async def room_with_config(self, identifier: str) -> tuple[Room, ChatroomConfig]:
        """``room`` and its ``config`` with one read less (the chatroom comes with its config)."""
        channel = await find_channel(self.changes.channels, identifier)
        found = await self.configs.with_chatroom(channel.id)
        if found is None:
            raise ChatroomNotFound(f"channel {identifier!r} has no chatroom")
        chatroom, config = found
        return Room(channel, chatroom), config

    async def config(self, room: Room) -> ChatroomConfig:
        stored = await self.configs.get(room.chatroom.id)
        return stored if stored is not None else ChatroomConfig(room.chatroom.id)
