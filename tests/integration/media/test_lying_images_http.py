"""Images that lie, uploaded as badges and emotes over HTTP: only what Streamz decoded and
encoded again is stored, a decompression bomb is refused quickly and cheaply, and stored media
are served with a restrictive Content-Security-Policy."""

from __future__ import annotations

import resource
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient

from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.integration.conftest import Client, count, register
from tests.unit.media.images import gif, pixels, png, png_chunk, png_ihdr

from .conftest import upload

PROBLEM = "https://streamz.dev/problems/"
IEND = png_chunk(b"IEND", b"")
SCRIPT = b"<html><script>alert(1)</script></html>"
CSP = "default-src 'none'; sandbox"


@pytest.fixture
async def roomy(settings: Settings, clean: None) -> AsyncIterator[Client]:
    """The app with the default 1 MiB body limit (the suite's is 64 KiB): a 200 MB bomb
    compresses to about 200 KB."""
    wide = replace(settings, http=replace(settings.http, max_body_bytes=1_048_576))
    async with AsyncTestClient(create_app(wide, make_container(wide))) as client:
        yield client


async def upload_emote(
    client: Client,
    tier: str,
    *,
    image: bytes,
    content_type: str = "image/png",
    headers: dict[str, str],
) -> httpx.Response:
    return await client.post(
        f"{tier}/channels/alice/chatroom/emotes",
        data={"code": "Kappa"},
        files={"image": ("emote", image, content_type)},
        headers=headers,
    )


def bomb(side: int = 36, inflated: int = 200_000_000) -> bytes:
    """A ``side`` x ``side`` greyscale PNG whose IDAT inflates to ``inflated`` bytes of zeros
    (the image needs ``side * (side + 1)``), compressed a megabyte at a time."""
    packer = zlib.compressobj(9)
    zeros = bytes(1_000_000)
    body = b"".join(packer.compress(zeros) for _ in range(inflated // len(zeros)))
    body += packer.flush()
    return png_ihdr(side, side) + png_chunk(b"IDAT", body) + IEND


async def served(client: Client, url: str) -> httpx.Response:
    response = await client.get(urlsplit(url).path)
    assert response.status_code == 200, response.text
    return response


async def media_files(settings: Settings, db: asyncpg.Connection, kind: str) -> list[Path]:
    channel_id = await db.fetchval("SELECT id FROM channels WHERE slug = 'alice'")
    folder = settings.media_dir / kind / str(channel_id)
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


async def test_bytes_after_the_png_end_are_not_stored_and_media_carry_a_csp(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    lying = png(36) + SCRIPT
    made = await upload(client, "private", 1, image=lying, headers=alice.auth)
    assert made.status_code == 201, made.text
    assert made.json()["content_type"] == "image/png"

    response = await served(client, made.json()["image_url"])
    assert b"<script" not in response.content
    assert response.content.endswith(IEND)  # nothing after the image's end
    assert pixels(response.content) == pixels(png(36))
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_script_after_the_gif_trailer_is_not_stored(
    client: Client, ory: FakeOry, db: asyncpg.Connection
) -> None:
    alice = await register(client, ory, "alice")
    lying = gif(48) + SCRIPT
    made = await upload_emote(
        client, "/private/v1", image=lying, content_type="image/gif", headers=alice.auth
    )
    assert made.status_code == 201, made.text
    response = await served(client, made.json()["image_url"])
    assert b"<script" not in response.content
    assert response.content.endswith(b"\x3b")  # the GIF trailer is the last byte
    assert pixels(response.content) == pixels(gif(48))
    assert response.headers["content-type"] == "image/gif"
    assert response.headers["content-security-policy"] == CSP


async def test_a_png_without_image_data_is_refused(
    client: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(client, ory, "alice")
    empty = png_ihdr(36, 36) + png_chunk(b"tEXt", b"Comment\x00" + SCRIPT) + IEND
    for response in (
        await upload(client, "private", 1, image=empty, headers=alice.auth),
        await upload_emote(client, "/private/v1", image=empty, headers=alice.auth),
    ):
        assert response.status_code == 422, response.text
        assert response.json()["type"] == PROBLEM + "invalid-image"
        assert "no image data" in response.json()["detail"]
        assert response.json()["errors"][0]["field"] == "body.image"
    assert await count(db, "channel_badges") == 0
    assert await count(db, "chat_emotes") == 0
    assert await media_files(settings, db, "badges") == []
    assert await media_files(settings, db, "emotes") == []


async def test_a_decompression_bomb_is_refused_quickly_and_cheaply(
    roomy: Client, ory: FakeOry, db: asyncpg.Connection, settings: Settings
) -> None:
    alice = await register(roomy, ory, "alice")
    data = bomb()
    assert len(data) < 256 * 1024  # within the badge limit: only decoding can tell

    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    started = time.monotonic()
    response = await upload(roomy, "private", 1, image=data, headers=alice.auth)
    elapsed = time.monotonic() - started
    assert response.status_code == 422, response.text
    assert response.json()["type"] == PROBLEM + "invalid-image"
    assert "decompression bomb" in response.json()["detail"]
    assert elapsed < 2.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 100 * 1024

    tracemalloc.start()  # what the request allocated at most, beyond what was already there
    try:
        tracemalloc.reset_peak()
        again = await upload_emote(
            roomy, "/private/v1", image=data, content_type="image/png", headers=alice.auth
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert again.status_code == 422, again.text
    assert peak < 100 * 1024 * 1024
    assert await count(db, "channel_badges") == 0
    assert await count(db, "chat_emotes") == 0
    assert await media_files(settings, db, "badges") == []
