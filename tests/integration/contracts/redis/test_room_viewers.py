"""The room viewers' contract (who of some accounts is connected to a chatroom now), on the
memory adapter and on Redis. The presence that feeds it: ``rooms`` in memory (tests set it),
the gateways' reports (``RedisPresence``) on Redis."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from streamz.adapters.memory.realtime import MemoryRoomViewers
from streamz.adapters.redis.presence import RedisPresence, RedisRoomViewers
from streamz.core.realtime.viewers import RoomPresence
from streamz.ports.presence import RoomViewers

from .conftest import Store


def viewers_of(store: Store) -> RoomViewers:
    viewers: RoomViewers = store.pick(memory=lambda _: MemoryRoomViewers(), redis=RedisRoomViewers)
    return viewers


async def report(
    store: Store,
    viewers: RoomViewers,
    room: uuid.UUID,
    here: Sequence[uuid.UUID],
    gone: Sequence[uuid.UUID] = (),
) -> None:
    """What a gateway tells: ``here`` are connected to ``room``, ``gone`` left it."""
    if isinstance(viewers, MemoryRoomViewers):
        viewers.rooms[room] = (viewers.rooms[room] | set(here)) - set(gone)
        return
    assert store.client is not None
    presence = RoomPresence([str(a) for a in here], [str(a) for a in gone], 0)
    await RedisPresence(store.client).report("i1", {f"chatroom:{room}": presence}, 30)


async def test_present_are_the_asked_accounts_connected_to_the_room(store: Store) -> None:
    viewers = viewers_of(store)
    room, other_room = uuid.uuid4(), uuid.uuid4()
    first, second, never = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await report(store, viewers, room, [first, second])
    await report(store, viewers, other_room, [never])
    assert await viewers.present(room, [first, second, never]) == {first, second}
    assert await viewers.present(room, [second]) == {second}
    assert await viewers.present(room, []) == set()
    assert await viewers.present(other_room, [first, second]) == set()
    assert await viewers.present(uuid.uuid4(), [first]) == set()


async def test_an_account_that_left_is_not_present(store: Store) -> None:
    viewers = viewers_of(store)
    room = uuid.uuid4()
    stays, leaves = uuid.uuid4(), uuid.uuid4()
    await report(store, viewers, room, [stays, leaves])
    await report(store, viewers, room, [stays], gone=[leaves])
    assert await viewers.present(room, [stays, leaves]) == {stays}
    await report(store, viewers, room, [leaves])  # back again
    assert await viewers.present(room, [stays, leaves]) == {stays, leaves}
