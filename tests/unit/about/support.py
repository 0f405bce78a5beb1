"""Panels and links use cases on the unit-test ``World``, each on a fresh unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from streamz.adapters.memory.about import MemoryPanels, MemorySocialLinks
from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import MemoryChannels
from streamz.adapters.memory.team import MemoryAuditLog, MemoryChannelRoles
from streamz.core.channels.audit import AuditEntry
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.roles import ChannelRole, Permission, RoleGrant
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Role, Scope
from streamz.core.shared.ids import new_id
from tests.unit.support import T0, World

U = TypeVar("U")


def _open(world: World) -> tuple[ChannelChanges, MemoryUnit]:
    """One transaction: the channel changes and its unit, for the panels or links on it."""
    r = world.open()
    roles, log = MemoryChannelRoles(r.unit), MemoryAuditLog(r.unit)
    return ChannelChanges(r.channels, roles, log, r.uow, world.clock), r.unit


def panels(world: World, use_case: type[U]) -> U:
    changes, unit = _open(world)
    factory: Any = use_case
    result: U = factory(changes, MemoryPanels(unit))
    return result


def links(world: World, use_case: type[U]) -> U:
    changes, unit = _open(world)
    factory: Any = use_case
    result: U = factory(changes, MemorySocialLinks(unit))
    return result


async def grant_moderator(
    world: World, owner: Account, moderator: Account, permissions: Iterable[Permission]
) -> None:
    unit = MemoryUnit(world.db)
    channel = await MemoryChannels(unit).by_account(owner.id)
    assert channel is not None
    grant = RoleGrant(
        new_id(),
        channel.id,
        moderator.id,
        ChannelRole.MODERATOR,
        frozenset(permissions),
        owner.id,
        T0,
    )
    await MemoryChannelRoles(unit).grant(grant)
    await unit.commit()


def token_of(account: Account, *scopes: Scope) -> Principal:
    return Principal(PrincipalKind.TOKEN, account.id, account.role, frozenset(scopes))


def staff(account: Account) -> Principal:
    return Principal(PrincipalKind.STAFF, account.id, Role.STAFF)


def audit_entries(world: World) -> list[AuditEntry]:
    rows: dict[Any, AuditEntry] = world.tables.table("channel_audit_log")
    return sorted(rows.values(), key=lambda e: e.id)
