"""A timeout that runs out is announced by the worker, once, in the room's seq order."""

from __future__ import annotations

import asyncio

import asyncpg

from streamz.container import make_container
from streamz.entrypoints.worker.main import expire_once
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.bans.helpers import open_bans, path, payloads
from tests.integration.conftest import Client, register


async def test_the_worker_ends_and_announces_a_run_out_timeout(
    settings: Settings, client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    response = await client.post(
        path("/private/v1"), json={"user": "bob", "duration_seconds": 1}, headers=alice.auth
    )
    assert response.status_code == 201, response.text
    container = make_container(settings)
    try:
        assert await expire_once(container) == 0  # still in force
        await asyncio.sleep(1.2)
        assert await expire_once(container) == 1
        assert await expire_once(container) == 0
    finally:
        await container.close()

    assert await open_bans(db) == 0
    row = await db.fetchrow("SELECT expires_at, ended_at, ended_by FROM chat_bans")
    assert row is not None
    assert (row["ended_at"], row["ended_by"]) == (row["expires_at"], None)
    [banned] = await payloads(db, "chat.user_banned")
    [announced] = await payloads(db, "chat.user_unbanned")
    assert (announced["account_id"], announced["expired"]) == (bob.account_id, True)
    assert announced["seq"] == banned["seq"] + 1
    listed = await client.get(path("/private/v1"), headers=alice.auth)
    assert listed.json()["data"] == []
