"""DELETE /private/v1/channels/{identifier}/vods/{vod_id}: the owner only; the Livepeer asset
deleted by the worker, retried when Livepeer answers 503."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import asyncpg
from saq import Worker

from tests.fakes.livepeer import FakeLivepeer
from tests.fakes.ory import FakeOry
from tests.integration.chat.helpers import PROBLEM
from tests.integration.conftest import Client, api_token, make_moderator, make_staff, register

from .conftest import channel_id, eventually, written


async def a_vod(db: asyncpg.Connection, livepeer: FakeLivepeer, slug: str = "alice") -> uuid.UUID:
    """A VOD row as ``recording.ready`` leaves it, its asset known to the fake."""
    ready = livepeer.recording_ready("stream-x", started=0, last_seen=1)
    asset = ready["payload"]["session"]["assetId"]
    vod_id = uuid.uuid4()
    now = datetime.now(UTC)
    await db.execute(
        "INSERT INTO vods (id, channel_id, livepeer_asset_id, playback_url, created_at,"
        " updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
        vod_id,
        await channel_id(db, slug),
        asset,
        ready["payload"]["recordingUrl"],
        now,
    )
    return vod_id


def path(vod_id: object, tier: str = "/private/v1", channel: str = "alice") -> str:
    return f"{tier}/channels/{channel}/vods/{vod_id}"


async def test_only_the_owner_deletes(
    client: Client, ory: FakeOry, db: asyncpg.Connection, livepeer: FakeLivepeer
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    mod = await register(client, ory, "mod")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    await make_moderator(db, alice, mod, ["manage_settings"])
    token = await api_token(client, alice, "stream:write")
    vod = await a_vod(db, livepeer)
    before = await written(db)
    for url, headers, status, code in (
        (path(vod), {}, 401, "unauthenticated"),
        (path(vod), bob.auth, 403, "forbidden"),
        (path(vod), mod.auth, 403, "forbidden"),
        (path(vod), boss.auth, 403, "forbidden"),
        (path(uuid.uuid4()), alice.auth, 404, "vod-not-found"),
        (path(vod, channel="bob"), bob.auth, 404, "vod-not-found"),
        (path(vod, channel="nobody"), alice.auth, 404, "channel-not-found"),
    ):
        response = await client.delete(url, headers=headers)
        assert response.status_code == status, (url, response.text)
        assert response.json()["type"] == PROBLEM + code
    for url, headers in (
        (path(vod, "/public/v1"), token),
        (path(vod, "/admin/v1"), boss.auth),
        (path("not-a-uuid"), alice.auth),
    ):
        response = await client.delete(url, headers=headers)
        assert response.status_code in (404, 405), url
    assert await written(db) == before
    assert await db.fetchval("SELECT deleted_at FROM vods WHERE id = $1", vod) is None
    response = await client.delete(path(vod), headers=alice.auth)
    assert response.status_code == 204
    again = await client.delete(path(vod), headers=alice.auth)
    assert again.status_code == 404
    assert again.json()["type"] == PROBLEM + "vod-not-found"
    audit = await db.fetchrow("SELECT action, acting_as FROM channel_audit_log")
    assert audit is not None
    assert (audit["action"], audit["acting_as"]) == ("vod.deleted", "owner")


async def test_the_asset_deletion_is_retried_after_a_503(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    livepeer: FakeLivepeer,
    worker: Worker[Any],
) -> None:
    alice = await register(client, ory, "alice")
    vod = await a_vod(db, livepeer)
    asset = await db.fetchval("SELECT livepeer_asset_id FROM vods WHERE id = $1", vod)
    livepeer.fail("DELETE", "/asset", 503, times=2)
    response = await client.delete(path(vod), headers=alice.auth)
    assert response.status_code == 204

    async def deleted_at_livepeer() -> bool:
        value = await db.fetchval("SELECT asset_deleted_at FROM vods WHERE id = $1", vod)
        return value is not None

    await eventually(deleted_at_livepeer, seconds=30)
    statuses = [c.status for c in livepeer.calls_to("DELETE", f"/asset/{asset}")]
    assert statuses == [503, 503, 204]
    assert livepeer.assets[asset]["deleted"] is True
