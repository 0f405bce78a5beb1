"""Timeouts that run out are ended and announced once, by the system, in the room's seq."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from streamz.adapters.memory.bans import MemoryBans
from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.repositories import MemoryAccounts, MemoryChatrooms
from streamz.adapters.memory.room_events import MemoryRoomEvents
from streamz.core.chat.bans.ban_user import BanUser, BanUserRequest
from streamz.core.chat.bans.expire_timeouts import ExpireTimeouts, ExpireTimeoutsRequest
from streamz.core.chat.room_events import RoomEventWriter
from streamz.core.errors import Forbidden
from tests.unit.bans.support import bans, rows
from tests.unit.support import SYSTEM, T0, World, fails, uow_of, user


def expire(world: World) -> ExpireTimeouts:
    unit = MemoryUnit(world.db)
    return ExpireTimeouts(
        MemoryBans(unit),
        MemoryChatrooms(unit),
        MemoryAccounts(unit),
        RoomEventWriter(MemoryRoomEvents(unit), uow_of(unit)),
        uow_of(unit),
        world.clock,
    )


def unbanned(world: World) -> list[dict[str, Any]]:
    return [e.payload for e in world.tables.outbox if e.topic == "chat.user_unbanned"]


async def test_a_run_out_timeout_is_ended_and_announced_once(world: World) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    await world.register("carol")
    await world.register("dave")
    short = (await bans(world, BanUser)(BanUserRequest(user(alice), "alice", "bob", 60))).ban
    await bans(world, BanUser)(BanUserRequest(user(alice), "alice", "carol", 600))
    await bans(world, BanUser)(BanUserRequest(user(alice), "alice", "dave", None))  # a ban

    assert await expire(world)(ExpireTimeoutsRequest(SYSTEM)) == 0  # nothing ran out yet
    world.clock.current = T0 + timedelta(seconds=61)
    assert await expire(world)(ExpireTimeoutsRequest(SYSTEM)) == 1
    assert await expire(world)(ExpireTimeoutsRequest(SYSTEM)) == 0  # never twice

    ended = {r.account_id: r for r in rows(world)}
    assert (ended[bob.id].ended_at, ended[bob.id].ended_by) == (short.expires_at, None)
    assert sum(r.ended_at is None for r in rows(world)) == 2  # carol's timeout, dave's ban
    [payload] = unbanned(world)
    assert payload["account_id"] == str(bob.id)
    assert (payload["username"], payload["kind"], payload["expired"]) == ("bob", "timeout", True)
    assert (payload["by"], payload["acting_as"]) == (None, "system")
    banned_seq = next(
        e.payload["seq"] for e in world.tables.outbox if e.topic == "chat.user_banned"
    )
    assert payload["seq"] > banned_seq  # in the room's order, after the timeout itself


async def test_only_the_system_runs_it(world: World) -> None:
    alice = await world.register("alice")
    await fails(world, expire(world)(ExpireTimeoutsRequest(user(alice))), Forbidden, "forbidden")
