"""IGDB sync use cases on the unit-test ``World``, each on a fresh unit of work."""

from __future__ import annotations

from typing import Any, TypeVar

from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.igdb import MemoryIgdbCategories
from streamz.core.live.entities import Category
from streamz.core.live.igdb.sync import IgdbSync
from tests.unit.support import World, uow_of

U = TypeVar("U")


def igdb(world: World, use_case: type[U]) -> U:
    unit = MemoryUnit(world.db)
    sync = IgdbSync(MemoryIgdbCategories(unit), uow_of(unit), world.clock)
    factory: Any = use_case
    result: U = factory(sync, uow_of(unit))
    return result


def categories(world: World) -> list[Category]:
    rows: dict[Any, Category] = world.tables.table("categories")
    return sorted(rows.values(), key=lambda c: c.created_at)


def game(igdb_id: int, name: str, **fields: Any) -> dict[str, Any]:
    """An IGDB game object as a webhook carries it (plus ``fields``)."""
    return {"id": igdb_id, "name": name, "checksum": "c0ffee", **fields}
