"""Ban use cases on the unit-test ``World``, each on a fresh unit of work."""

from __future__ import annotations

from typing import Any, TypeVar

from streamz.adapters.memory.bans import MemoryBans
from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChatrooms
from streamz.adapters.memory.room_events import MemoryRoomEvents
from streamz.core.chat.bans.entities import Ban
from streamz.core.chat.bans.list_bans import ListBans
from streamz.core.chat.bans.writes import BanWrites
from streamz.core.chat.room_events import RoomEventWriter
from tests.unit.chat.support import changes_of
from tests.unit.support import World, uow_of

U = TypeVar("U")


def bans(world: World, use_case: type[U]) -> U:
    unit = MemoryUnit(world.db)
    writes = BanWrites(
        changes_of(world, unit),
        MemoryAccounts(unit),
        MemoryChatrooms(unit),
        MemoryBans(unit),
        RoomEventWriter(MemoryRoomEvents(unit), uow_of(unit)),
    )
    factory: Any = use_case
    result: U = factory(writes, MemoryAccounts(unit)) if use_case is ListBans else factory(writes)
    return result


def rows(world: World) -> list[Ban]:
    """Every ban row, open and ended, oldest first."""
    table: dict[Any, Ban] = world.tables.table("chat_bans")
    return sorted(table.values(), key=lambda b: b.id)
