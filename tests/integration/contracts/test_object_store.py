"""Contract of the object store (ports/media.py), on memory, the local disk and S3 (a local moto
server speaking the S3 protocol, so the aioboto3 adapter runs for real)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from streamz.adapters.localdisk.store import LocalDiskStore
from streamz.adapters.memory.media import MemoryObjectStore
from streamz.adapters.s3.store import open_s3_store
from streamz.ports.media import ObjectStore
from tests.fakes.s3 import FakeS3
from tests.unit.media.images import gif, png

BASE = "https://media.test"


@pytest.fixture(scope="module")
def s3_server() -> Iterator[FakeS3]:
    fake = FakeS3(bucket="contract-media").start()
    yield fake
    fake.stop()


@pytest.fixture(params=["memory", "localdisk", "s3"])
async def store(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[ObjectStore, str]]:
    """The store and the base of its public URLs."""
    if request.param == "memory":
        yield MemoryObjectStore(BASE), BASE
    elif request.param == "localdisk":
        yield LocalDiskStore(tmp_path / "media", BASE), BASE
    else:
        s3: FakeS3 = request.getfixturevalue("s3_server")
        base = f"{s3.url}/{s3.bucket}"
        async with open_s3_store(s3.bucket, s3.region, s3.url, base) as opened:
            yield opened, base


async def test_an_object_comes_back_as_it_was_put(store: tuple[ObjectStore, str]) -> None:
    objects, _ = store
    await objects.put("badges/c1/a.png", png(24), "image/png")
    found = await objects.get("badges/c1/a.png")
    assert found is not None
    assert found.data == png(24)
    assert found.content_type == "image/png"


async def test_an_absent_key_is_none_and_deleting_it_is_no_error(
    store: tuple[ObjectStore, str],
) -> None:
    objects, _ = store
    assert await objects.get("badges/none.png") is None
    await objects.delete("badges/none.png")
    assert await objects.get("badges/none.png") is None


async def test_delete_removes_only_that_key(store: tuple[ObjectStore, str]) -> None:
    objects, _ = store
    await objects.put("emotes/c1/a.gif", gif(20), "image/gif")
    await objects.put("emotes/c1/b.gif", gif(28), "image/gif")
    await objects.delete("emotes/c1/a.gif")
    assert await objects.get("emotes/c1/a.gif") is None
    kept = await objects.get("emotes/c1/b.gif")
    assert kept is not None
    assert kept.data == gif(28)


async def test_putting_the_same_key_again_keeps_one_object(store: tuple[ObjectStore, str]) -> None:
    objects, _ = store  # keys are content-addressed: a retry puts the same bytes again
    await objects.put("badges/c2/x.png", png(18), "image/png")
    await objects.put("badges/c2/x.png", png(18), "image/png")
    found = await objects.get("badges/c2/x.png")
    assert found is not None
    assert found.data == png(18)


async def test_the_public_url_is_the_base_and_the_key(store: tuple[ObjectStore, str]) -> None:
    objects, base = store
    assert objects.url("badges/c1/a.png") == f"{base}/badges/c1/a.png"
