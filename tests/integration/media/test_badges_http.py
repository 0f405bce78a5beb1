"""Subscriber badges on every tier where they exist, with the local-disk store."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import asyncpg

from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, api_token, count, make_staff, register
from tests.unit.media.images import JPEG, SVG, gif, pixels, png, webp_lossless

from .conftest import PREFIX, remove, upload

IMMUTABLE = "public, max-age=31536000, immutable"


async def media_files(settings: Settings, db: asyncpg.Connection) -> list[Path]:
    """The files of alice's channel (the media dir outlives each test's database)."""
    channel_id = await db.fetchval("SELECT id FROM channels WHERE slug = 'alice'")
    return [p for p in (settings.media_dir / "badges" / str(channel_id)).rglob("*") if p.is_file()]


async def test_private_tier_create_list_delete(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    made = await upload(
        client, "private", 6, image=gif(48), content_type="image/gif", headers=alice.auth
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["months"], body["width"], body["height"]) == (6, 48, 48)
    assert body["content_type"] == "image/gif"
    assert body["image_url"].startswith(settings.media_url + "/badges/")
    assert (await upload(client, "private", 1, headers=alice.auth)).status_code == 201

    listed = await client.get("/private/v1/channels/alice/badges", headers=alice.auth)
    assert [b["months"] for b in listed.json()["data"]] == [1, 6]
    assert listed.json()["data"][1] == body

    served = await client.get(urlsplit(body["image_url"]).path)
    assert served.status_code == 200
    assert pixels(served.content) == pixels(gif(48))  # re-encoded: the same picture
    assert served.headers["content-type"] == "image/gif"
    assert served.headers["cache-control"] == IMMUTABLE
    assert served.headers["x-content-type-options"] == "nosniff"

    gone = await remove(client, "private", 6, alice.auth)
    assert gone.status_code == 200
    assert gone.json()["id"] == body["id"]
    assert (await client.get(urlsplit(body["image_url"]).path)).status_code == 404
    assert await count(db, "channel_badges") == 1
    assert len(await media_files(settings, db)) == 1
    events = await db.fetch("SELECT topic FROM outbox WHERE topic = 'channel.badges_updated'")
    assert len(events) == 3
    again = await remove(client, "private", 6, alice.auth)
    assert again.status_code == 404
    assert again.json()["type"].endswith("/badge-not-found")


async def test_public_tier_creates_with_a_token_and_has_no_delete(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    token = await api_token(client, alice, "channel:write")
    made = await upload(
        client, "public", 12, image=webp_lossless(64), content_type="image/webp", headers=token
    )
    assert made.status_code == 201, made.text
    listed = await client.get("/public/v1/channels/alice/badges")  # anonymous
    assert listed.status_code == 200
    assert [b["months"] for b in listed.json()["data"]] == [12]

    for headers in ({}, token, alice.auth):
        response = await remove(client, "public", 12, headers)
        assert response.status_code in {404, 405}
    assert await count(db, "channel_badges") == 1
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert "delete" not in paths.get("/public/v1/channels/{identifier}/badges/{months}", {})
    assert "delete" in paths["/private/v1/channels/{identifier}/badges/{months}"]
    assert "delete" in paths["/admin/v1/channels/{identifier}/badges/{months}"]


async def test_admin_tier_staff_acts_on_any_channel_and_is_audited(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    await register(client, ory, "alice")
    root = await register(client, ory, "root")
    await make_staff(db, root)
    made = await upload(client, "admin", 3, headers=root.auth)
    assert made.status_code == 201, made.text
    listed = await client.get("/admin/v1/channels/alice/badges", headers=root.auth)
    assert [b["months"] for b in listed.json()["data"]] == [3]
    assert (await remove(client, "admin", 3, root.auth)).status_code == 200
    rows = await db.fetch("SELECT action, acting_as, actor_id FROM channel_audit_log ORDER BY id")
    assert [(r["action"], r["acting_as"]) for r in rows] == [
        ("badge.created", "staff"),
        ("badge.deleted", "staff"),
    ]
    assert {str(r["actor_id"]) for r in rows} == {root.account_id}


async def test_duplicate_threshold_and_bad_months(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    assert (await upload(client, "private", 9, headers=alice.auth)).status_code == 201
    duplicate = await upload(client, "private", 9, image=png(40), headers=alice.auth)
    assert duplicate.status_code == 409
    assert duplicate.json()["type"] == "https://streamz.dev/problems/badge-exists"
    for months in (4, 0, 121, "six"):
        response = await upload(client, "private", months, headers=alice.auth)
        assert response.status_code in {400, 422}, response.text
    assert await count(db, "channel_badges") == 1
    assert len(await media_files(settings, db)) == 1


async def test_bad_images_are_refused_and_nothing_is_written(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    cases = [
        (JPEG, "image/jpeg", "JPEG images are not accepted"),
        (SVG, "image/svg+xml", "SVG images are not accepted"),
        (png(32)[:-5], "image/png", "truncated"),
        (png(32), "image/gif", "declared as image/gif"),
        (png(32, 40), "image/png", "must be square"),
        (png(600), "image/png", "between 18x18 and 512x512"),
        (b"", "image/png", "empty"),
    ]
    for image, content_type, words in cases:
        response = await upload(
            client, "private", 1, image=image, content_type=content_type, headers=alice.auth
        )
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["type"] == "https://streamz.dev/problems/invalid-image"
        assert words in problem["detail"]
        assert problem["errors"][0]["field"] == "body.image"
    assert await count(db, "channel_badges") == 0
    assert await count(db, "outbox WHERE topic = 'channel.badges_updated'") == 0
    assert await media_files(settings, db) == []


async def test_malformed_uploads_get_4xx(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    url = f"{PREFIX['private']}/channels/alice/badges"
    no_image = await client.post(url, data={"months": "1"}, headers=alice.auth)
    garbage = await client.post(
        url,
        content=b"--x\r\nnot really",
        headers={**alice.auth, "content-type": "multipart/form-data; boundary=x"},
    )
    as_json = await client.post(url, json={"months": 1, "image": "aGk="}, headers=alice.auth)
    for response in (no_image, garbage, as_json):
        assert 400 <= response.status_code < 500, response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert await count(db, "channel_badges") == 0


async def test_unknown_channel(client: Client, ory: FakeOry) -> None:
    alice = await register(client, ory, "alice")
    listed = await client.get("/public/v1/channels/nobody/badges")
    assert listed.status_code == 404
    made = await upload(client, "private", 1, channel="nobody", headers=alice.auth)
    assert made.json()["type"].endswith("/channel-not-found")
