"""The ports every message use case shares, and finding a channel's chatroom."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.channels.entities import Channel
from streamz.core.chat.entities import Chatroom, ChatroomConfig
from streamz.core.chat.errors import ChatroomNotFound
from streamz.core.chat.room_events import RoomEventWriter
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.chat_settings import ChatroomSettingsRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.messages import MessageRepository, PinRepository
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Room:
    channel: Channel
    chatroom: Chatroom


@dataclass(frozen=True, slots=True)
class MessageServices:
    channels: ChannelRepository
    chatrooms: ChatroomRepository
    configs: ChatroomSettingsRepository
    accounts: AccountRepository
    roles: ChannelRoleRepository
    messages: MessageRepository
    pins: PinRepository
    audit_log: AuditLog
    uow: UnitOfWork
    events: RoomEventWriter  # durable room events: take the room's next seq
    clock: Clock

    async def room(self, identifier: str) -> Room:
        """The channel (``ChannelNotFound``) and its chatroom (``ChatroomNotFound``)."""
        channel = await find_channel(self.channels, identifier)
        chatroom = await self.chatrooms.by_channel(channel.id)
        if chatroom is None:
            raise ChatroomNotFound(f"channel {identifier!r} has no chatroom")
        return Room(channel, chatroom)

    async def config(self, room: Room) -> ChatroomConfig:
        stored = await self.configs.get(room.chatroom.id)
        return stored if stored is not None else ChatroomConfig(room.chatroom.id)
