"""Social use cases on the unit-test ``World``, built from their constructor annotations."""

from __future__ import annotations

import inspect
from dataclasses import replace
from typing import Any, TypeVar

from streamz.adapters.memory.social import (
    MemoryCategories,
    MemoryCategoryFollows,
    MemoryChannelFollows,
    MemoryNotificationPreferences,
)
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Role, Scope
from streamz.core.live.create_category import CreateCategory, CreateCategoryRequest
from streamz.core.live.entities import Category
from tests.unit.support import SYSTEM, World

T = TypeVar("T")


def make(world: World, cls: type[T]) -> T:
    """``cls`` on a fresh unit of work, each port filled by the annotation's name."""
    r = world.open()
    ports: dict[str, Any] = {
        "AccountRepository": r.accounts,
        "ChannelRepository": r.channels,
        "CategoryRepository": MemoryCategories(r.unit),
        "ChannelFollowRepository": MemoryChannelFollows(r.unit),
        "CategoryFollowRepository": MemoryCategoryFollows(r.unit),
        "NotificationPreferenceRepository": MemoryNotificationPreferences(r.unit),
        "UnitOfWork": r.uow,
        "Clock": world.clock,
    }
    params = inspect.signature(cls.__init__).parameters
    return cls(**{n: ports[str(p.annotation)] for n, p in params.items() if n != "self"})


def token(account: Account) -> Principal:
    return Principal(PrincipalKind.TOKEN, account.id, account.role, frozenset(Scope))


def staff(account: Account) -> Principal:
    return Principal(PrincipalKind.STAFF, account.id, Role.STAFF)


async def category(world: World, name: str, **fields: Any) -> Category:
    return await make(world, CreateCategory)(CreateCategoryRequest(SYSTEM, name, **fields))


async def delete_category(world: World, category_id: Any) -> None:
    r = world.open()
    rows = r.unit.tables.table("categories")
    rows[category_id] = replace(rows[category_id], deleted_at=world.clock.now())
    await r.unit.commit()


def followers(world: World, table: str, target_id: Any) -> int:
    if table == "channels":
        return world.tables.channels[target_id].followers_count
    count: int = world.tables.table("categories")[target_id].followers_count
    return count


def rows(world: World, table: str) -> int:
    return len(world.tables.table(table))
