"""Emote rules over HTTP: bad codes and images, taken codes, the limit (also under concurrent
creates), unknown channels and emotes; each refusal writes and stores nothing."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from streamz.core.chat.emotes.create_emote import CreateEmote, CreateEmoteRequest
from streamz.core.chat.emotes.errors import EmoteCodeTaken, EmoteLimitReached
from streamz.core.errors import StreamzError
from streamz.core.identity.entities import Principal
from streamz.library import Streamz
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, register
from tests.unit.media.images import JPEG, SVG, gif, png

from .conftest import PROBLEM, add_fillers, media_files, path, upload, written


@pytest.mark.parametrize(
    "code",
    ["", "a", "x" * 26, " Kappa", "Kap pa", "Kappa!", "Kap_pa", "Käppa", "１２", "Kappa\n"],
)
async def test_bad_codes_are_422_and_nothing_is_written(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings, code: str
) -> None:
    alice = await register(client, ory, "alice")
    before = await written(db)
    response = await upload(client, "/private/v1", code, headers=alice.auth)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] in (PROBLEM + "invalid", PROBLEM + "validation")
    assert problem["errors"][0]["field"] == "body.code"
    assert await written(db) == before
    assert await media_files(settings, db) == []


async def test_bad_images_are_422_and_nothing_is_written(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    before = await written(db)
    cases = [
        (JPEG, "image/jpeg", "JPEG images are not accepted"),
        (SVG, "image/svg+xml", "SVG images are not accepted"),
        (png(32)[:-5], "image/png", "truncated"),
        (png(32), "image/gif", "declared as image/gif"),
        (png(32, 40), "image/png", "must be square"),
        (png(27), "image/png", "between 28x28 and 512x512"),
        (gif(600), "image/gif", "between 28x28 and 512x512"),
        (b"", "image/png", "empty"),
    ]
    for image, content_type, words in cases:
        response = await upload(
            client, "/private/v1", image=image, content_type=content_type, headers=alice.auth
        )
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["type"] == PROBLEM + "invalid-image"
        assert words in problem["detail"]
        assert problem["errors"][0]["field"] == "body.image"
    assert await written(db) == before
    assert await media_files(settings, db) == []


async def test_malformed_uploads_get_4xx(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    url = path("/private/v1")
    before = await written(db)
    no_image = await client.post(url, data={"code": "Kappa"}, headers=alice.auth)
    no_code = await client.post(
        url, files={"image": ("e.png", png(32), "image/png")}, headers=alice.auth
    )
    garbage = await client.post(
        url,
        content=b"--x\r\nnot really",
        headers={**alice.auth, "content-type": "multipart/form-data; boundary=x"},
    )
    as_json = await client.post(url, json={"code": "Kappa", "image": "aGk="}, headers=alice.auth)
    for response in (no_image, no_code, garbage, as_json):
        assert 400 <= response.status_code < 500, response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert await written(db) == before


async def test_codes_are_unique_ignoring_case(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    first = await upload(client, "/private/v1", "Kappa", headers=alice.auth)
    assert first.status_code == 201
    before = await written(db)
    for same in ("Kappa", "kappa", "KAPPA"):
        taken = await upload(client, "/private/v1", same, image=png(40), headers=alice.auth)
        assert taken.status_code == 409, taken.text
        assert taken.json()["type"] == PROBLEM + "emote-code-taken"
    assert await written(db) == before
    assert len(await media_files(settings, db)) == 1
    other = await upload(client, "/private/v1", "KAPPA", channel="bob", headers=bob.auth)
    assert other.status_code == 201  # another channel's codes are its own
    freed = await client.delete(f"{path('/private/v1')}/{first.json()['id']}", headers=alice.auth)
    assert freed.status_code == 200
    assert (await upload(client, "/private/v1", "kappa", headers=alice.auth)).status_code == 201


async def test_at_most_two_hundred_emotes(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    await add_fillers(db, "alice", 199)
    assert (await upload(client, "/private/v1", "Last", headers=alice.auth)).status_code == 201
    before = await written(db)
    over = await upload(client, "/private/v1", "OneMore", headers=alice.auth)
    assert over.status_code == 409, over.text
    assert over.json()["type"] == PROBLEM + "emote-limit-reached"
    assert "200" in over.json()["detail"]
    assert await written(db) == before
    assert len(await media_files(settings, db)) == 1
    assert len((await client.get(path("/public/v1"))).json()["data"]) == 200


async def test_the_limit_holds_under_concurrent_creates(
    client: Client, ory: FakeOry, settings: Settings, db: asyncpg.Connection
) -> None:
    await register(client, ory, "alice")
    await add_fillers(db, "alice", 190)
    async with Streamz.from_settings(settings) as streamz:

        async def create(code: str) -> str:
            request = CreateEmoteRequest(Principal.system(), "alice", code, png(32))
            try:
                await streamz.call(CreateEmote, request)
            except StreamzError as error:
                return error.code
            return "created"

        limited = await asyncio.gather(*(create(f"race{n}") for n in range(30)))
        assert limited.count("created") == 10
        assert limited.count(EmoteLimitReached.code) == 20
        assert await db.fetchval("SELECT count(*) FROM chat_emotes") == 200
        assert len(await media_files(settings, db)) == 10  # losers stored nothing

        await db.execute("DELETE FROM chat_emotes WHERE code LIKE 'filler%'")
        same = await asyncio.gather(*(create(c) for c in ("Twin", "twin", "TWIN", "tWiN") * 3))
        assert same.count("created") == 1
        assert same.count(EmoteCodeTaken.code) == 11
    assert await db.fetchval("SELECT count(*) FROM chat_emotes WHERE code_key = 'twin'") == 1
    assert len(await media_files(settings, db)) == 11


async def test_unknown_channels_and_emotes(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    bob = await register(client, ory, "bob")
    foreign = await upload(client, "/private/v1", "BobsOwn", channel="bob", headers=bob.auth)
    assert foreign.status_code == 201
    before = await written(db)
    missing = await client.get(path("/public/v1", "nobody"))
    assert missing.status_code == 404
    assert missing.json()["type"] == PROBLEM + "channel-not-found"
    made = await upload(client, "/private/v1", channel="nobody", headers=alice.auth)
    assert made.status_code == 404
    assert made.json()["type"] == PROBLEM + "channel-not-found"
    for emote_id in (foreign.json()["id"], str(uuid.uuid4())):
        response = await client.delete(f"{path('/private/v1')}/{emote_id}", headers=alice.auth)
        assert response.status_code == 404
        assert response.json()["type"] == PROBLEM + "emote-not-found"
    not_an_id = await client.delete(f"{path('/private/v1')}/Kappa", headers=alice.auth)
    assert 400 <= not_an_id.status_code < 500
    assert not_an_id.headers["content-type"] == "application/problem+json"
    assert await written(db) == before
    assert len(await media_files(settings, db, "bob")) == 1
