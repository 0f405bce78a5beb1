"""Blocked-term use cases on the unit-test ``World``, each on a fresh unit of work."""

from __future__ import annotations

from typing import Any, TypeVar

from streamz.adapters.memory.blocked_terms import MemoryBlockedTerms
from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import MemoryChatrooms
from streamz.core.chat.blocked_terms.writes import TermsWrites
from tests.unit.chat.support import changes_of
from tests.unit.support import World

U = TypeVar("U")


def terms(world: World, use_case: type[U]) -> U:
    unit = MemoryUnit(world.db)
    writes = TermsWrites(changes_of(world, unit), MemoryChatrooms(unit), MemoryBlockedTerms(unit))
    factory: Any = use_case
    result: U = factory(writes)
    return result
