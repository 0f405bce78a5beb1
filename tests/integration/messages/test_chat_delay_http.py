"""A message deleted during its non-moderator chat delay never shows its content to viewers
over HTTP: hidden until ``visible_at``, then a tombstone."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import asyncpg

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, make_moderator, register
from tests.integration.messages.helpers import room

PRIVATE = "/private/v1"
PUBLIC = "/public/v1"


async def test_a_message_deleted_while_held_is_a_tombstone_for_viewers(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    owner = await register(client, ory, "owner")
    fan = await register(client, ory, "fan")
    mod = await register(client, ory, "mod")
    stranger = await register(client, ory, "stranger")
    await make_moderator(db, owner, mod, ["delete_messages"])
    delay = await client.patch(
        f"{PRIVATE}{room('owner')}/settings",
        json={"non_moderator_delay_seconds": 1},
        headers=owner.auth,
    )
    assert delay.status_code == 200, delay.text
    sent = await client.post(
        f"{PRIVATE}{room('owner')}/messages",
        json={"content": "leaked spoiler https://example.com @owner"},
        headers=fan.auth,
    )
    assert sent.status_code == 201, sent.text
    held = sent.json()
    deleted = await client.delete(
        f"{PRIVATE}{room('owner')}/messages/{held['id']}", headers=mod.auth
    )
    assert deleted.status_code == 200, deleted.text
    viewers: list[tuple[str, dict[str, str]]] = [
        (PUBLIC, {}),
        (PRIVATE, stranger.auth),
        (PRIVATE, fan.auth),
    ]
    paths = (
        f"{room('owner')}/messages",
        f"{room('owner')}/users/fan/messages",
        f"/users/{fan.account_id}/messages",
        f"{room('owner')}/messages/{held['id']}/thread",
    )

    async def read(tier: str, headers: dict[str, str]) -> list[list[dict[str, Any]]]:
        pages = []
        for path in paths:
            response = await client.get(f"{tier}{path}", headers=headers)
            assert response.status_code == 200, response.text
            pages.append(response.json()["data"])
        return pages

    for tier, headers in viewers:  # still held: not there at all
        assert await read(tier, headers) == [[], [], [], []]
    team = await read(PRIVATE, owner.auth)  # a user's messages everywhere: held for all but staff
    assert [[m["deleted"] for m in page] for page in team] == [[True], [True], [], [True]]

    visible_at = await db.fetchval("SELECT visible_at FROM chat_messages")
    assert isinstance(visible_at, datetime)
    wait = visible_at.timestamp() - datetime.now(visible_at.tzinfo).timestamp()
    await asyncio.sleep(max(wait, 0) + 0.2)
    for tier, headers in viewers:
        for page in await read(tier, headers):
            [shown] = page
            assert shown["id"] == held["id"]
            assert (shown["deleted"], shown["deleted_at"] is not None) == (True, True)
            assert (shown["content"], shown["fragments"], shown["mentions"]) == (None, [], [])
            assert shown["deleted_by"] is None
            assert "spoiler" not in str(shown)
