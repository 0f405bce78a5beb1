"""Blocked-term use cases on the unit-test ``World``, each on a fresh unit of work."""

from __future__ import annotations

from typing import Any, TypeVar

from streamz.adapters.memory.blocked_terms import MemoryBlockedTerms
from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import MemoryChannels, MemoryChatrooms
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.core.channels.changes import ChannelChanges
from streamz.core.chat.blocked_terms.writes import TermsWrites
from tests.unit.support import World, uow_of

U = TypeVar("U")


def terms(world: World, use_case: type[U]) -> U:
    unit = MemoryUnit(world.db)
    changes = ChannelChanges(
        MemoryChannels(unit),
        MemoryChannelRoles(unit),
        MemoryAuditLog(unit),
        uow_of(unit),
        world.clock,
    )
    writes = TermsWrites(changes, MemoryChatrooms(unit), MemoryBlockedTerms(unit))
    factory: Any = use_case
    result: U = factory(writes)
    return result
