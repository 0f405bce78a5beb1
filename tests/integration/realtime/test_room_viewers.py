"""Who is in a chatroom, read from the presence the gateways report to Redis."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from streamz.adapters.redis.presence import RedisPresence, RedisRoomViewers
from streamz.core.realtime.viewers import RoomPresence
from streamz.settings import Settings


async def test_present_is_who_the_gateways_reported_and_not_expired(settings: Settings) -> None:
    client = Redis.from_url(settings.redis.url or "")
    room, here, gone, never = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    topic = f"chatroom:{room}"
    try:
        presence, viewers = RedisPresence(client), RedisRoomViewers(client)
        await presence.report("i1", {topic: RoomPresence([str(here), str(gone)], [], 0)}, 30)
        await presence.report("i1", {topic: RoomPresence([str(here)], [str(gone)], 0)}, 30)

        assert await viewers.present(room, [here, gone, never]) == {here}
        assert await viewers.present(uuid.uuid4(), [here]) == set()
        assert await viewers.present(room, []) == set()
    finally:
        await client.aclose()
