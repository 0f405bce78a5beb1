"""A channel (alice's) with a cast around it, and counts of what a request may write."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, User, count, make_staff, register

PROBLEM = "https://streamz.dev/problems/"
WRITTEN = ("channel_roles", "channel_audit_log", "outbox", "channel_subscriptions")


@dataclass(frozen=True)
class Cast:
    owner: User  # alice, whose channel it is
    bob: User
    carol: User
    staff: User


async def cast(client: Client, ory: FakeOry, db: asyncpg.Connection) -> Cast:
    users = [await register(client, ory, name) for name in ("alice", "bob", "carol", "boss")]
    await make_staff(db, users[3])
    return Cast(*users)


async def written(db: asyncpg.Connection) -> dict[str, int]:
    return {table: await count(db, table) for table in WRITTEN}


async def give(
    client: Client, owner: User, role_path: str, account: str, **body: object
) -> dict[str, object]:
    response = await client.post(
        f"/private/v1/channels/{owner.username}/{role_path}",
        json={"account": account, **body},
        headers=owner.auth,
    )
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result
