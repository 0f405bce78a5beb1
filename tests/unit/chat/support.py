"""Chatroom use cases on the unit-test ``World``, each on a fresh unit of work."""

from __future__ import annotations

from typing import Any, TypeVar

from streamz.adapters.memory.chat import MemoryChatroomSettings
from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import MemoryChannels, MemoryChatrooms
from streamz.adapters.memory.room_events import MemoryRoomEvents
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.core.channels.changes import ChannelChanges
from streamz.core.chat.room_events import RoomEventWriter
from streamz.core.chat.writes import ChatWrites
from tests.unit.support import World, uow_of

U = TypeVar("U")


def changes_of(world: World, unit: MemoryUnit) -> ChannelChanges:
    """The channel changes of one unit: its channels, roles, audit log and unit of work."""
    return ChannelChanges(
        MemoryChannels(unit),
        MemoryChannelRoles(unit),
        MemoryAuditLog(unit),
        uow_of(unit),
        world.clock,
    )


def chat(world: World, use_case: type[U]) -> U:
    unit = MemoryUnit(world.db)
    writes = ChatWrites(
        changes_of(world, unit),
        MemoryChatrooms(unit),
        MemoryChatroomSettings(unit),
        RoomEventWriter(MemoryRoomEvents(unit), uow_of(unit)),
    )
    factory: Any = use_case
    result: U = factory(writes)
    return result
