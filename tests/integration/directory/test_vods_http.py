"""VODs through HTTP: visibility per caller on both read tiers, updates on Private only."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, User, api_token, make_moderator, make_staff, register
from tests.integration.directory.helpers import PROBLEM, add_vod, events, subscribe, written


@pytest.fixture
async def people(client: Client, ory: FakeOry, db: asyncpg.Connection) -> dict[str, User]:
    names = ("alice", "fan", "mod", "boss", "stranger")
    people = {n: await register(client, ory, n) for n in names}
    await subscribe(db, people["fan"].account_id, "alice")
    await make_moderator(db, people["alice"], people["mod"], ["ban"])
    await make_staff(db, people["boss"])
    return people


async def titles(client: Client, tier: str, headers: dict[str, str]) -> list[str]:
    out: list[str] = []
    after = None
    while True:
        params = {"limit": 1, **({"after": after} if after else {})}
        response = await client.get(f"{tier}/channels/alice/vods", params=params, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        out += [v["title"] for v in body["data"]]
        after = body["next"]
        if after is None:
            return out


async def test_visibility_per_caller(
    client: Client, db: asyncpg.Connection, people: dict[str, User]
) -> None:
    vods = {v: await add_vod(db, "alice", v, title=v) for v in ("public", "subscribers", "private")}
    await add_vod(db, "alice", "public", title="deleted", deleted=True)
    fan_token = await api_token(client, people["fan"], "chat:write")
    everything = ["private", "subscribers", "public"]
    cases = [
        ("/public/v1", {}, ["public"]),
        ("/public/v1", fan_token, ["subscribers", "public"]),
        ("/private/v1", people["stranger"].auth, ["public"]),
        ("/private/v1", people["fan"].auth, ["subscribers", "public"]),
        ("/private/v1", people["mod"].auth, ["subscribers", "public"]),
        ("/private/v1", people["alice"].auth, everything),
        ("/private/v1", people["boss"].auth, everything),
    ]
    for tier, headers, seen in cases:
        assert await titles(client, tier, headers) == seen, (tier, seen)
        for visibility, vod_id in vods.items():
            response = await client.get(f"{tier}/vods/{vod_id}", headers=headers)
            if visibility in seen:
                assert response.status_code == 200, response.text
                body = response.json()
                assert (body["id"], body["visibility"]) == (str(vod_id), visibility)
                assert "livepeer_asset_id" not in body
            elif visibility == "subscribers":
                assert (response.status_code, response.json()["type"]) == (
                    403,
                    PROBLEM + "vod-subscribers-only",
                )
            else:
                assert (response.status_code, response.json()["type"]) == (
                    404,
                    PROBLEM + "vod-not-found",
                )
    missing = await client.get(f"/public/v1/vods/{uuid.uuid4()}")
    assert (missing.status_code, missing.json()["type"]) == (404, PROBLEM + "vod-not-found")
    assert (await client.get("/public/v1/channels/ghost/vods")).status_code == 404
    assert (
        await client.get("/admin/v1/channels/alice/vods", headers=people["boss"].auth)
    ).status_code in (404, 405)
    assert (
        await client.get(f"/admin/v1/vods/{vods['public']}", headers=people["boss"].auth)
    ).status_code in (404, 405)


async def test_owner_updates_a_vod(
    client: Client, db: asyncpg.Connection, people: dict[str, User]
) -> None:
    vod_id = await add_vod(db, "alice", "public", title="raw")
    alice = people["alice"]
    response = await client.patch(
        f"/private/v1/vods/{vod_id}",
        json={"title": "  Highlights  ", "visibility": "subscribers"},
        headers=alice.auth,
    )
    assert response.status_code == 200, response.text
    assert (response.json()["title"], response.json()["visibility"]) == (
        "Highlights",
        "subscribers",
    )
    row = await db.fetchrow("SELECT title, visibility FROM vods WHERE id = $1", vod_id)
    assert row is not None
    assert (row["title"], row["visibility"]) == ("Highlights", "subscribers")
    (event,) = await events(db, "vod.updated")
    assert (event["vod_id"], event["visibility"]) == (str(vod_id), "subscribers")
    audit = await db.fetch("SELECT action, acting_as FROM channel_audit_log")
    assert [(r["action"], r["acting_as"]) for r in audit] == [("vod.updated", "owner")]
    anonymous = await client.get(f"/public/v1/vods/{vod_id}")
    assert anonymous.status_code == 403  # now for subscribers


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"title": ""}, "vod-title-invalid"),
        ({"title": "x" * 141}, "vod-title-invalid"),
        ({"visibility": "friends"}, "vod-visibility-invalid"),
        ({"title": "", "visibility": "nope"}, "vod-title-invalid"),
        ({"visibility": 1}, "validation"),
        ({"owner": "me"}, "validation"),
    ],
)
async def test_bad_updates_write_nothing(
    client: Client,
    db: asyncpg.Connection,
    people: dict[str, User],
    body: dict[str, object],
    code: str,
) -> None:
    vod_id = await add_vod(db, "alice", "public")
    before = await written(db)
    response = await client.patch(
        f"/private/v1/vods/{vod_id}", json=body, headers=people["alice"].auth
    )
    assert (response.status_code, response.json()["type"]) == (422, PROBLEM + code)
    assert await written(db) == before


async def test_who_may_update(
    client: Client, db: asyncpg.Connection, people: dict[str, User]
) -> None:
    public = await add_vod(db, "alice", "public")
    private = await add_vod(db, "alice", "private")
    before = await written(db)
    cases = [
        ("/private/v1", public, people["fan"].auth, 403, "forbidden"),
        ("/private/v1", public, people["mod"].auth, 403, "forbidden"),
        ("/private/v1", private, people["mod"].auth, 404, "vod-not-found"),
        ("/private/v1", public, people["boss"].auth, 403, "forbidden"),  # staff: not on Private
        ("/private/v1", public, {}, 401, "unauthenticated"),
    ]
    for tier, vod_id, headers, status, code in cases:
        response = await client.patch(
            f"{tier}/vods/{vod_id}", json={"title": "mine"}, headers=headers
        )
        assert (response.status_code, response.json()["type"]) == (status, PROBLEM + code)
    token = await api_token(client, people["alice"], "channel:write")
    for tier, headers in (("/public/v1", token), ("/admin/v1", people["boss"].auth)):
        response = await client.patch(
            f"{tier}/vods/{public}", json={"title": "mine"}, headers=headers
        )
        assert response.status_code in (404, 405), tier  # ⚫ on the Public and Admin APIs
    assert await written(db) == before
