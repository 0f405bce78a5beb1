"""The moderation log (Private, Admin) and channel subscriptions (Admin; Private for the owner)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from streamz.adapters.postgres.subscriptions import PostgresSubscriptions
from streamz.adapters.postgres.unit import PostgresUnit, create_pool
from streamz.adapters.system.clock import SystemClock
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client
from tests.integration.team.helpers import PROBLEM, cast, give, written


@pytest.mark.parametrize("tier", ["private", "admin"])
async def test_moderation_log_newest_first_in_pages(
    client: Client, ory: FakeOry, db: asyncpg.Connection, tier: str
) -> None:
    team = await cast(client, ory, db)
    await give(client, team.owner, "moderators", "bob", permissions=[])
    await give(client, team.owner, "vips", "carol", reason="loyal")
    reader = team.bob if tier == "private" else team.staff  # any moderator; staff on Admin

    first = await client.get(
        f"/{tier}/v1/channels/alice/moderation-log?limit=1", headers=reader.auth
    )
    assert first.status_code == 200, first.text
    (entry,) = first.json()["data"]
    assert entry["action"] == "role.granted"
    assert (entry["acting_as"], entry["actor_id"]) == ("owner", team.owner.account_id)
    assert (entry["target_account_id"], entry["reason"]) == (team.carol.account_id, "loyal")
    assert entry["details"] == {"role": "vip"}
    rest = await client.get(
        f"/{tier}/v1/channels/alice/moderation-log?limit=5&after={first.json()['next']}",
        headers=reader.auth,
    )
    assert [e["details"]["role"] for e in rest.json()["data"]] == ["moderator"]

    denied = await client.get("/private/v1/channels/alice/moderation-log", headers=team.carol.auth)
    assert denied.status_code == 403
    assert denied.json()["type"] == PROBLEM + "forbidden"
    missing = await client.get(f"/{tier}/v1/channels/nowhere/moderation-log", headers=reader.auth)
    assert missing.json()["type"] == PROBLEM + "channel-not-found"


async def test_staff_grant_renew_list_and_end_subscriptions(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    team = await cast(client, ory, db)
    base = "/admin/v1/channels/alice/subscriptions"
    gift = await client.post(
        base,
        json={"account": "bob", "tier": 2, "months": 3, "gifted_by": "carol"},
        headers=team.staff.auth,
    )
    assert gift.status_code == 201, gift.text
    assert (gift.json()["tier"], gift.json()["months"]) == (2, 3)
    assert gift.json()["gifted_by"] == team.carol.account_id
    renewed = await client.post(base, json={"account": "bob", "months": 1}, headers=team.staff.auth)
    assert renewed.json()["id"] == gift.json()["id"]
    assert (renewed.json()["tier"], renewed.json()["months"]) == (1, 4)
    await client.post(base, json={"account": team.carol.account_id}, headers=team.staff.auth)

    for url, who in ((base, team.staff), ("/private/v1/channels/alice/subscriptions", team.owner)):
        page = await client.get(f"{url}?limit=1", headers=who.auth)
        assert page.status_code == 200, page.text
        assert [s["account"]["username"] for s in page.json()["data"]] == ["carol"]
        assert page.json()["next"] is not None
    others = await client.get("/private/v1/channels/alice/subscriptions", headers=team.bob.auth)
    assert others.status_code == 403

    ended = await client.delete(f"{base}/bob?reason=refund", headers=team.staff.auth)
    assert ended.status_code == 200, ended.text
    assert ended.json()["ended_at"] is not None
    topics = await db.fetch(
        "SELECT topic, payload FROM outbox WHERE topic LIKE 'channel.sub%' ORDER BY id"
    )
    assert [t["topic"] for t in topics] == ["channel.subscribed"] * 3 + [
        "channel.subscription_ended"
    ]
    actions = await db.fetch("SELECT action, acting_as FROM channel_audit_log ORDER BY id")
    assert [(a["action"], a["acting_as"]) for a in actions][-1] == ("subscription.ended", "staff")
    again = await client.delete(f"{base}/bob", headers=team.staff.auth)
    assert again.json()["type"] == PROBLEM + "subscription-not-found"


async def test_subscription_bad_input_writes_nothing(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    team = await cast(client, ory, db)
    base = "/admin/v1/channels/alice/subscriptions"
    cases = [
        ({"account": "alice"}, 422, "own-channel-subscription"),
        ({"account": "nobody"}, 404, "account-not-found"),
        ({"account": "bob", "gifted_by": "nobody"}, 404, "account-not-found"),
        ({"account": "bob", "tier": 4}, 422, "validation"),
        ({"account": "bob", "months": 0}, 422, "validation"),
    ]
    before = await written(db)
    for body, status, code in cases:
        response = await client.post(base, json=body, headers=team.staff.auth)
        assert response.status_code == status, (body, response.text)
        assert response.json()["type"] == PROBLEM + code
    nowhere = await client.post(
        "/admin/v1/channels/nowhere/subscriptions", json={"account": "bob"}, headers=team.staff.auth
    )
    assert nowhere.json()["type"] == PROBLEM + "channel-not-found"
    assert await written(db) == before


async def test_reader_port_on_postgres(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    team = await cast(client, ory, db)
    base = "/admin/v1/channels/alice/subscriptions"
    await client.post(base, json={"account": "bob", "months": 2}, headers=team.staff.auth)
    await client.post(base, json={"account": "carol"}, headers=team.staff.auth)
    await db.execute(  # carol's lapsed a day ago
        "UPDATE channel_subscriptions SET ends_at = $1 WHERE account_id = $2",
        datetime.now(UTC) - timedelta(days=1),
        uuid.UUID(team.carol.account_id),
    )
    channel = await db.fetchval("SELECT id FROM channels WHERE slug = 'alice'")
    pool = await create_pool(settings.database.url or "", 2)
    unit = PostgresUnit(pool)
    try:
        reader = PostgresSubscriptions(unit, SystemClock())
        bob = await reader.active(channel, uuid.UUID(team.bob.account_id))
        assert bob is not None
        assert bob.months == 2
        assert await reader.months(channel, uuid.UUID(team.bob.account_id)) == 2
        assert await reader.active(channel, uuid.UUID(team.carol.account_id)) is None
        assert await reader.months(channel, uuid.UUID(team.carol.account_id)) == 1
        assert await reader.months(channel, uuid.UUID(team.owner.account_id)) == 0
    finally:
        await unit.close()
        await pool.close()
    listed = await client.get(base, headers=team.staff.auth)
    assert [s["account"]["username"] for s in listed.json()["data"]] == ["bob"]
