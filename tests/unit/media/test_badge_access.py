"""Who may create and delete badges (reads are for anyone)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from streamz.core.channels.badges.create_badge import CreateBadgeRequest
from streamz.core.channels.badges.delete_badge import DeleteBadgeRequest
from streamz.core.channels.roles import Permission
from streamz.core.errors import Forbidden, StreamzError, Unauthenticated
from streamz.core.identity.entities import Principal, Role
from tests.unit.support import ANONYMOUS, World, fails, user

from .images import png
from .support import BadgeWorld, staff, token

Actor = Callable[[World, BadgeWorld], Awaitable[Principal]]


async def _owner(world: World, badges: BadgeWorld) -> Principal:
    return user(await world.register("alice"))


async def _anonymous(world: World, badges: BadgeWorld) -> Principal:
    await world.register("alice")
    return ANONYMOUS


async def _other(world: World, badges: BadgeWorld) -> Principal:
    await world.register("alice")
    return user(await world.register("bob"))


async def _moderator(world: World, badges: BadgeWorld, *permissions: Permission) -> Principal:
    alice = await world.register("alice")
    return user(await badges.moderator(alice, "mod", *permissions))


async def _mod_without(world: World, badges: BadgeWorld) -> Principal:
    return await _moderator(world, badges, Permission.BAN, Permission.TIMEOUT)


async def _mod_with(world: World, badges: BadgeWorld) -> Principal:
    return await _moderator(world, badges, Permission.MANAGE_SETTINGS)


async def _staff(world: World, badges: BadgeWorld) -> Principal:
    await world.register("alice")
    return staff(await world.register("root", role=Role.STAFF))


async def _staff_session_on_private(world: World, badges: BadgeWorld) -> Principal:
    await world.register("alice")
    return user(await world.register("root", role=Role.STAFF))


async def _token_with(world: World, badges: BadgeWorld) -> Principal:
    return token(await world.register("alice"), "channel:write")


async def _token_without(world: World, badges: BadgeWorld) -> Principal:
    return token(await world.register("alice"), "chat:write")


ALLOWED: list[tuple[str, Actor, list[str]]] = [
    ("owner", _owner, []),
    ("moderator with manage_settings", _mod_with, ["badge.created", "badge.deleted"]),
    ("staff on the Admin API", _staff, ["badge.created", "badge.deleted"]),
    ("owner's token with channel:write", _token_with, []),
]
REFUSED: list[tuple[str, Actor, type[StreamzError], str]] = [
    ("anonymous", _anonymous, Unauthenticated, "unauthenticated"),
    ("another user", _other, Forbidden, "forbidden"),
    ("moderator without manage_settings", _mod_without, Forbidden, "forbidden"),
    ("staff outside the Admin API", _staff_session_on_private, Forbidden, "forbidden"),
    ("owner's token without channel:write", _token_without, Forbidden, "forbidden"),
]


@pytest.mark.parametrize(("name", "actor", "audited"), ALLOWED, ids=[a[0] for a in ALLOWED])
async def test_allowed(world: World, name: str, actor: Actor, audited: list[str]) -> None:
    badges = BadgeWorld(world)
    principal = await actor(world, badges)
    created = await badges.create()(CreateBadgeRequest(principal, "alice", 1, png(24)))
    deleted = await badges.delete()(DeleteBadgeRequest(principal, "alice", 1))
    assert deleted.badge.id == created.badge.id
    assert sorted(badges.audit_actions()) == audited
    if audited:
        entry = next(iter(world.tables.table("channel_audit_log").values()))
        assert entry.actor_id == principal.account_id
        assert entry.details["months"] == 1


@pytest.mark.parametrize(("name", "actor", "error", "code"), REFUSED, ids=[r[0] for r in REFUSED])
async def test_refused(
    world: World, name: str, actor: Actor, error: type[StreamzError], code: str
) -> None:
    badges = BadgeWorld(world)
    principal = await actor(world, badges)
    owner = next(a for a in world.tables.accounts.values() if a.username == "alice")
    await badges.create()(CreateBadgeRequest(user(owner), "alice", 1, png(24)))
    await fails(
        world, badges.create()(CreateBadgeRequest(principal, "alice", 2, png(24))), error, code
    )
    await fails(world, badges.delete()(DeleteBadgeRequest(principal, "alice", 1)), error, code)
    assert len(badges.store.objects) == 1
