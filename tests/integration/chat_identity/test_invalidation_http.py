"""Identities are cached in the real Redis and recomputed as soon as an input changes."""

from __future__ import annotations

import asyncpg
from redis.asyncio import Redis

from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, make_staff, register
from tests.integration.media.conftest import remove, upload
from tests.unit.media.images import png

from .helpers import kinds, path


async def fetch(client: Client, user: str, channel: str = "alice") -> dict[str, object]:
    response = await client.get(path("/public/v1", user, channel=channel))
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def test_roles_drop_the_cached_identity_at_once(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    assert kinds(await fetch(client, "bob")) == []
    redis = Redis.from_url(settings.redis.url or "")
    try:
        entries = await redis.keys("streamz:identity:e:*")
        assert len(entries) == 1
        assert 0 < await redis.ttl(entries[0]) <= 600
        # an input changed behind the cache's back (no writer): the cached identity is served
        await make_staff(db, bob)
        assert kinds(await fetch(client, "bob")) == []
        granted = await client.post(
            "/private/v1/channels/alice/vips", json={"account": "bob"}, headers=alice.auth
        )
        assert granted.status_code == 201, granted.text
        assert kinds(await fetch(client, "bob")) == ["staff", "vip"]
        revoked = await client.delete("/private/v1/channels/alice/vips/bob", headers=alice.auth)
        assert revoked.status_code == 200, revoked.text
        assert kinds(await fetch(client, "bob")) == ["staff"]
    finally:
        await redis.aclose()


async def test_the_staff_role_drops_the_account_everywhere(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "alice")
    await register(client, ory, "bob")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    assert kinds(await fetch(client, "bob")) == []
    assert kinds(await fetch(client, "bob", channel="bob")) == ["owner"]
    response = await client.put(
        "/admin/v1/accounts/bob/role", json={"role": "staff"}, headers=boss.auth
    )
    assert response.status_code == 200, response.text
    assert kinds(await fetch(client, "bob")) == ["staff"]
    assert kinds(await fetch(client, "bob", channel="bob")) == ["staff", "owner"]


async def test_subscriptions_and_badges_change_the_next_fetch(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    await register(client, ory, "bob")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    subscriptions = "/admin/v1/channels/alice/subscriptions"
    assert kinds(await fetch(client, "bob")) == []
    granted = await client.post(
        subscriptions, json={"account": "bob", "months": 4}, headers=boss.auth
    )
    assert granted.status_code == 201, granted.text
    assert (await fetch(client, "bob"))["badges"] == [
        {"kind": "subscriber", "months": 3, "image_url": None}
    ]
    created = await upload(client, "private", 3, image=png(36), headers=alice.auth)
    assert created.status_code == 201, created.text
    image_url = created.json()["image_url"]
    assert (await fetch(client, "bob"))["badges"] == [
        {"kind": "subscriber", "months": 3, "image_url": image_url}
    ]
    deleted = await remove(client, "private", 3, alice.auth)
    assert deleted.status_code == 200, deleted.text
    assert (await fetch(client, "bob"))["badges"] == [
        {"kind": "subscriber", "months": 3, "image_url": None}
    ]
    ended = await client.delete(f"{subscriptions}/bob", headers=boss.auth)
    assert ended.status_code == 200, ended.text
    assert kinds(await fetch(client, "bob")) == []
