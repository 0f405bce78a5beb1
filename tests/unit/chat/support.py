"""Chatroom use cases on the unit-test ``World``, each on a fresh unit of work."""

from __future__ import annotations

from typing import Any, TypeVar

from streamz.adapters.memory.chat import MemoryChatroomSettings
from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import MemoryChannels, MemoryChatrooms
from streamz.adapters.memory.room_events import MemoryRoomEvents
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.core.chat.room_events import RoomEventWriter
from streamz.core.chat.writes import ChatWrites
from tests.unit.support import World, uow_of

U = TypeVar("U")


def chat(world: World, use_case: type[U]) -> U:
    unit = MemoryUnit(world.db)
    writes = ChatWrites(
        MemoryChannels(unit),
        MemoryChatrooms(unit),
        MemoryChatroomSettings(unit),
        MemoryChannelRoles(unit),
        MemoryAuditLog(unit),
        RoomEventWriter(MemoryRoomEvents(unit), uow_of(unit)),
        uow_of(unit),
        world.clock,
    )
    factory: Any = use_case
    result: U = factory(writes)
    return result
