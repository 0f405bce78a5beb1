"""The aioboto3 S3 adapter against a local moto server, and badges stored there over HTTP."""

from __future__ import annotations

from dataclasses import replace

import httpx
from litestar.testing import AsyncTestClient

from streamz.adapters.s3.store import CACHE_CONTROL, open_s3_store
from streamz.container import make_container
from streamz.entrypoints.http.app import create_app
from streamz.ports.media import ObjectStore
from streamz.settings import Settings
from tests.fakes.ory import FakeOry
from tests.fakes.s3 import FakeS3
from tests.integration.conftest import register
from tests.unit.media.images import gif

from .conftest import upload


async def test_put_url_get_delete(s3: FakeS3) -> None:
    base = f"{s3.url}/{s3.bucket}"
    async with open_s3_store(s3.bucket, s3.region, s3.url, base) as store:
        await store.put("badges/c/b-1.gif", gif(20), "image/gif")
        url = store.url("badges/c/b-1.gif")
        assert url == f"{base}/badges/c/b-1.gif"
        async with httpx.AsyncClient() as http:
            public = await http.get(url)
        assert public.status_code == 200
        assert public.content == gif(20)
        assert public.headers["content-type"] == "image/gif"
        assert public.headers["cache-control"] == CACHE_CONTROL
        found = await store.get("badges/c/b-1.gif")
        assert found is not None
        assert found.content_type == "image/gif"
        assert await store.get("badges/c/none.gif") is None
        await store.delete("badges/c/b-1.gif")
        await store.delete("badges/c/b-1.gif")  # absent: not an error
    assert "badges/c/b-1.gif" not in s3.stored_keys()


async def test_badges_on_s3_through_http(
    settings: Settings, clean: None, ory: FakeOry, s3: FakeS3
) -> None:
    on_s3 = replace(
        settings,
        media=replace(settings.media, store="s3", s3_bucket=s3.bucket, s3_endpoint_url=s3.url),
    )
    container = make_container(on_s3)
    async with container() as scope:
        assert type(await scope.get(ObjectStore)).__name__ == "S3Store"
    app = create_app(on_s3, container)
    async with AsyncTestClient(app, base_url="http://127.0.0.1") as client:
        alice = await register(client, ory, "alice")
        made = await upload(client, "private", 24, headers=alice.auth)
        assert made.status_code == 201, made.text
        url = made.json()["image_url"]
        assert url.startswith(f"{s3.url}/{s3.bucket}/badges/")
        key = url.removeprefix(f"{s3.url}/{s3.bucket}/")
        assert key in s3.stored_keys()
        async with httpx.AsyncClient() as http:
            fetched = await http.get(url)
        assert fetched.headers["cache-control"] == CACHE_CONTROL
        assert fetched.headers["content-type"] == "image/png"
        gone = await client.delete("/private/v1/channels/alice/badges/24", headers=alice.auth)
        assert gone.status_code == 200
        assert key not in s3.stored_keys()
