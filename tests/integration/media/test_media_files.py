"""The local-disk store and `GET /media/{key}`: bytes back with their type, nothing outside."""

from __future__ import annotations

from pathlib import Path

import pytest

from streamz.adapters.localdisk.store import LocalDiskStore
from streamz.settings import Settings
from tests.integration.conftest import Client

SECRET = "top secret, outside the media dir"


@pytest.fixture
def planted(settings: Settings) -> Path:
    """A file next to the media dir, and one inside it."""
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    outside = settings.data_dir / "secret.txt"
    outside.write_text(SECRET)
    (settings.media_dir / "ok").mkdir(exist_ok=True)
    (settings.media_dir / "ok" / "a.webp").write_bytes(b"RIFF")
    return outside


async def test_files_are_served_with_their_type(client: Client, planted: Path) -> None:
    response = await client.get("/media/ok/a.webp")
    assert response.status_code == 200
    assert response.content == b"RIFF"
    assert response.headers["content-type"] == "image/webp"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "immutable" in response.headers["cache-control"]


@pytest.mark.parametrize(
    "path",
    [
        "/media/..%2Fsecret.txt",
        "/media/ok/..%2F..%2Fsecret.txt",
        "/media/%2E%2E/secret.txt",
        "/media/%2F%2Fetc%2Fpasswd",
        "/media/%2Fetc/passwd",
        "/media/ok%5C..%5C..%5Csecret.txt",
        "/media/ok/a.webp%00.png",
        "/media/missing.png",
        "/media/ok",
        "/media/.",
    ],
)
async def test_traversal_and_unknown_keys_get_404(client: Client, planted: Path, path: str) -> None:
    response = await client.get(path)
    assert response.status_code in {404, 422}
    assert response.headers["content-type"] == "application/problem+json"
    assert SECRET not in response.text


async def test_store_never_touches_paths_outside_its_root(tmp_path: Path) -> None:
    store = LocalDiskStore(tmp_path / "media", "http://x/media/")
    await store.put("a/b.png", b"png", "image/png")
    assert (tmp_path / "media" / "a" / "b.png").read_bytes() == b"png"
    found = await store.get("a/b.png")
    assert found is not None
    assert found.content_type == "image/png"
    assert store.url("a/b.png") == "http://x/media/a/b.png"
    (tmp_path / "outside.txt").write_text("no")
    for key in ("../outside.txt", "/etc/passwd", "a/../../outside.txt", "", "a\x00b"):
        assert store.path(key) is None
        assert await store.get(key) is None
        with pytest.raises(ValueError, match="invalid object key"):
            await store.put(key, b"x", "image/png")
    await store.delete("a/b.png")
    await store.delete("a/b.png")  # absent: not an error
    assert await store.get("a/b.png") is None
    assert list((tmp_path / "media" / "a").iterdir()) == []
