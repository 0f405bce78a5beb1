"""A pin with a duration ends at ``expires_at``: every read treats it as gone from then, and the
worker removes it and announces ``chat.message_unpinned`` (``expired: true``) once."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import asyncpg

from streamz.container import make_container
from streamz.entrypoints.worker.main import expire_pins_once
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, count, register
from tests.integration.messages.helpers import PROBLEM, room

PRIVATE = "/private/v1"
PUBLIC = "/public/v1"


async def _pin_events(db: asyncpg.Connection) -> list[tuple[str, dict[str, Any]]]:
    rows = await db.fetch(
        "SELECT topic, payload FROM outbox WHERE topic LIKE 'chat.message_%pinned' ORDER BY id"
    )
    return [
        (r["topic"], r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]))
        for r in rows
    ]


async def test_an_expired_pin_is_gone_for_reads_and_announced_once(
    settings: Settings, client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    owner = await register(client, ory, "owner")
    sent = await client.post(
        f"{PRIVATE}{room('owner')}/messages", json={"content": "look"}, headers=owner.auth
    )
    assert sent.status_code == 201, sent.text
    message_id = sent.json()["id"]
    pinned = await client.put(
        f"{PRIVATE}{room('owner')}/pin",
        json={"message_id": message_id, "duration_seconds": 1},
        headers=owner.auth,
    )
    assert pinned.status_code == 200, pinned.text
    assert (await client.get(f"{PUBLIC}{room('owner')}/pin")).status_code == 200
    container = make_container(settings)
    try:
        assert await expire_pins_once(container) == 0  # still pinned
        await asyncio.sleep(1.2)
        for tier, headers in ((PUBLIC, {}), (PRIVATE, owner.auth)):
            gone = await client.get(f"{tier}{room('owner')}/pin", headers=headers)
            assert gone.status_code == 404, gone.text  # before the worker ran too
            assert gone.json()["type"] == PROBLEM + "pin-not-found"
        unpin = await client.delete(f"{PRIVATE}{room('owner')}/pin", headers=owner.auth)
        assert unpin.json()["type"] == PROBLEM + "pin-not-found"
        # deleting the message whose pin ran out leaves the announcement to the worker
        deleted = await client.delete(
            f"{PRIVATE}{room('owner')}/messages/{message_id}", headers=owner.auth
        )
        assert deleted.status_code == 200, deleted.text
        assert [topic for topic, _ in await _pin_events(db)] == ["chat.message_pinned"]
        assert await expire_pins_once(container) == 1
        assert await expire_pins_once(container) == 0
    finally:
        await container.close()

    assert await count(db, "chat_pins") == 0
    (_, on), (topic, off) = await _pin_events(db)
    assert topic == "chat.message_unpinned"
    assert (off["message_id"], off["expired"], off["pinned_by"]) == (
        message_id,
        True,
        owner.account_id,
    )
    assert off["expires_at"] == on["expires_at"]
    assert off["seq"] == on["seq"] + 2  # the deletion came between
    assert (await client.get(f"{PUBLIC}{room('owner')}/pin")).status_code == 404
