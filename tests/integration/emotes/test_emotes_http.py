"""Emotes over HTTP on every tier where they exist, with the local-disk store."""

from __future__ import annotations

from urllib.parse import urlsplit

import asyncpg
import pytest

from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, api_token, make_moderator, make_staff, register
from tests.unit.media.images import gif, pixels, png, webp_lossless

from .conftest import PROBLEM, TIERS, channel_id, events, media_files, path, upload, written


async def test_lifecycle_on_every_tier(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    token = await api_token(client, alice, "channel:write")
    writers = {"/public/v1": token, "/private/v1": alice.auth, "/admin/v1": boss.auth}
    made = {}
    for tier, code, image, kind in (
        ("/public/v1", "zebra", webp_lossless(64), "image/webp"),
        ("/private/v1", "Kappa", gif(56), "image/gif"),
        ("/admin/v1", "LUL", png(112), "image/png"),
    ):
        response = await upload(
            client, tier, code, image=image, content_type=kind, headers=writers[tier]
        )
        assert response.status_code == 201, response.text
        made[code] = response.json()
    kappa = made["Kappa"]
    assert (kappa["code"], kappa["width"], kappa["height"]) == ("Kappa", 56, 56)
    assert (kappa["content_type"], kappa["subscriber_only"]) == ("image/gif", False)
    assert kappa["created_by"] == alice.account_id
    assert made["LUL"]["created_by"] == boss.account_id
    assert kappa["channel_id"] == str(await channel_id(db))
    assert kappa["image_url"].startswith(f"{settings.media_url}/emotes/{kappa['channel_id']}/")
    assert kappa["image_url"].endswith(".gif")

    readers = {"/public/v1": {}, "/private/v1": alice.auth, "/admin/v1": boss.auth}
    for tier in TIERS:  # anyone may read (anonymously on Public), by code ignoring case
        listed = await client.get(path(tier), headers=readers[tier])
        assert listed.status_code == 200, listed.text
        assert [e["code"] for e in listed.json()["data"]] == ["Kappa", "LUL", "zebra"]
        assert listed.json()["data"][0] == kappa
    assert (await client.get(path("/public/v1", kappa["channel_id"]))).json()["data"][0] == kappa

    served = await client.get(urlsplit(kappa["image_url"]).path)
    assert served.status_code == 200
    assert pixels(served.content) == pixels(gif(56))  # re-encoded: the same picture
    assert served.headers["content-type"] == "image/gif"
    assert len(await media_files(settings, db)) == 3

    gone = await client.delete(f"{path('/admin/v1')}/{kappa['id']}", headers=boss.auth)
    assert gone.status_code == 200, gone.text
    assert gone.json() == kappa
    gone = await client.delete(f"{path('/private/v1')}/{made['zebra']['id']}", headers=alice.auth)
    assert gone.status_code == 200
    assert (await client.get(urlsplit(kappa["image_url"]).path)).status_code == 404
    remaining = (await client.get(path("/public/v1"))).json()["data"]
    assert [e["id"] for e in remaining] == [made["LUL"]["id"]]
    assert [p.name for p in await media_files(settings, db)] == [
        made["LUL"]["image_url"].rsplit("/", 1)[1]
    ]

    rows = await db.fetch("SELECT action, acting_as, actor_id, details FROM channel_audit_log")
    assert sorted((r["action"], r["acting_as"], str(r["actor_id"])) for r in rows) == [
        ("emote.created", "staff", boss.account_id),
        ("emote.deleted", "staff", boss.account_id),
    ]  # the owner's own changes (session or token) are not audited
    chatroom = await db.fetchval(
        "SELECT id FROM chatrooms WHERE channel_id = $1", await channel_id(db)
    )
    payloads = await events(db)
    assert [(p["change"], p["code"]) for p in payloads] == [
        ("created", "zebra"),
        ("created", "Kappa"),
        ("created", "LUL"),
        ("deleted", "Kappa"),
        ("deleted", "zebra"),
    ]
    assert payloads[3] == {
        "chatroom_id": str(chatroom),
        "channel_id": kappa["channel_id"],
        "change": "deleted",
        "emote_id": kappa["id"],
        "code": "Kappa",
        "subscriber_only": False,
    }

    again = await client.delete(f"{path('/private/v1')}/{kappa['id']}", headers=alice.auth)
    assert again.status_code == 404
    assert again.json()["type"] == PROBLEM + "emote-not-found"


async def test_subscriber_only_emotes(client: Client, ory: FakeOry, db: asyncpg.Connection) -> None:
    alice = await register(client, ory, "alice")
    for code, flag, expected in (
        ("SubOnly", "true", True),
        ("Everyone", "false", False),
        ("Default", None, False),
    ):
        response = await upload(
            client, "/private/v1", code, subscriber_only=flag, headers=alice.auth
        )
        assert response.status_code == 201, response.text
        assert response.json()["subscriber_only"] is expected
    listed = (await client.get(path("/public/v1"))).json()["data"]
    assert [(e["code"], e["subscriber_only"]) for e in listed] == [
        ("Default", False),
        ("Everyone", False),
        ("SubOnly", True),
    ]
    assert [p["subscriber_only"] for p in await events(db)] == [True, False, False]
    before = await written(db)
    bad = await upload(client, "/private/v1", "Bad", subscriber_only="maybe", headers=alice.auth)
    assert bad.status_code in (400, 422), bad.text
    assert bad.headers["content-type"] == "application/problem+json"
    assert await written(db) == before


async def test_public_tier_has_no_delete(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    token = await api_token(client, alice, "channel:write")
    made = await upload(client, "/public/v1", headers=token)
    assert made.status_code == 201, made.text
    for headers in ({}, token, alice.auth):
        response = await client.delete(f"{path('/public/v1')}/{made.json()['id']}", headers=headers)
        assert response.status_code in (404, 405)
    assert await db.fetchval("SELECT count(*) FROM chat_emotes") == 1
    assert len(await media_files(settings, db)) == 1
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert set(paths["/public/v1/channels/{identifier}/chatroom/emotes"]) == {"get", "post"}
    assert "/public/v1/channels/{identifier}/chatroom/emotes/{emote_id}" not in paths
    for tier in ("/private/v1", "/admin/v1"):
        assert "delete" in paths[f"{tier}/channels/{{identifier}}/chatroom/emotes/{{emote_id}}"]


# (who, tier) -> expected status of a create (and of a delete, off the Public tier)
CASES = [
    ("anonymous", "/public/v1", 401),
    ("anonymous", "/private/v1", 401),
    ("anonymous", "/admin/v1", 401),
    ("other user", "/private/v1", 403),
    ("other user", "/admin/v1", 403),
    ("moderator without manage_terms_emotes", "/private/v1", 403),
    ("moderator with manage_terms_emotes", "/private/v1", 201),
    ("owner", "/private/v1", 201),
    ("owner", "/public/v1", 201),
    ("owner", "/admin/v1", 403),
    ("staff", "/admin/v1", 201),
    ("staff", "/private/v1", 403),
    ("owner token with channel:write", "/public/v1", 201),
    ("owner token with moderation:write only", "/public/v1", 403),
    ("moderator token with channel:write", "/public/v1", 201),
]


@pytest.mark.parametrize(("who", "tier", "status"), CASES)
async def test_who_may_write(
    client: Client,
    ory: FakeOry,
    db: asyncpg.Connection,
    settings: Settings,
    who: str,
    tier: str,
    status: int,
) -> None:
    alice = await register(client, ory, "alice")
    other = await register(client, ory, "other")
    weak = await register(client, ory, "weak")
    mod = await register(client, ory, "mod")
    boss = await register(client, ory, "boss")
    await make_staff(db, boss)
    await make_moderator(db, alice, weak, ["ban", "manage_settings"])
    await make_moderator(db, alice, mod, ["manage_terms_emotes"])
    headers = {
        "anonymous": {},
        "other user": other.auth,
        "moderator without manage_terms_emotes": weak.auth,
        "moderator with manage_terms_emotes": mod.auth,
        "owner": alice.auth,
        "staff": boss.auth,
        "owner token with channel:write": await api_token(client, alice, "channel:write"),
        "owner token with moderation:write only": await api_token(
            client, alice, "moderation:write"
        ),
        "moderator token with channel:write": await api_token(client, mod, "channel:write"),
    }[who]
    before = await written(db)
    created = await upload(client, tier, "Allowed", headers=headers)
    assert created.status_code == status, created.text
    if status != 201:
        assert created.json()["type"].startswith(PROBLEM)
        assert await written(db) == before
        assert await media_files(settings, db) == []
        return
    acting = {"staff": "staff", "moderator with manage_terms_emotes": "moderator"}
    acting["moderator token with channel:write"] = "moderator"
    expected = acting.get(who)
    audited = await db.fetch("SELECT acting_as, action FROM channel_audit_log")
    assert [(r["acting_as"], r["action"]) for r in audited] == (
        [(expected, "emote.created")] if expected else []
    )
    assert len(await media_files(settings, db)) == 1
    if tier != "/public/v1":
        removed = await client.delete(f"{path(tier)}/{created.json()['id']}", headers=headers)
        assert removed.status_code == 200
        assert await media_files(settings, db) == []


async def test_refused_deletes_keep_the_emote(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    other = await register(client, ory, "other")
    weak = await register(client, ory, "weak")
    await make_moderator(db, alice, weak, ["ban", "manage_settings"])
    made = (await upload(client, "/private/v1", headers=alice.auth)).json()
    before = await written(db)
    for tier, headers, status in (
        ("/private/v1", {}, 401),
        ("/private/v1", other.auth, 403),
        ("/private/v1", weak.auth, 403),
        ("/admin/v1", alice.auth, 403),
    ):
        response = await client.delete(f"{path(tier)}/{made['id']}", headers=headers)
        assert response.status_code == status, response.text
    assert await written(db) == before
    assert len(await media_files(settings, db)) == 1
