from __future__ import annotations

import uuid

import pytest

from streamz.adapters.memory.media import MemoryObjectStore
from streamz.core.media.errors import MediaNotFound
from streamz.core.media.get_media import GetMedia, GetMediaRequest
from streamz.core.media.keys import badge_key, checked_key

BAD_KEYS = [
    "",
    "/etc/passwd",
    "../secret",
    "badges/../../etc/passwd",
    "badges/./a.png",
    "badges//a.png",
    "badges/a.png/",
    ".hidden",
    "badges/.tmp-1",
    "a\\b.png",
    "a\x00.png",
    "caf\u00e9.png",
    "a" * 513,
]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_keys_that_are_not_plain_relative_paths_are_not_found(key: str) -> None:
    with pytest.raises(MediaNotFound):
        checked_key(key)


def test_badge_keys_are_content_addressed_and_checked() -> None:
    channel, badge = uuid.uuid4(), uuid.uuid4()
    key = badge_key(channel, badge, b"abc", "png")
    digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert key == f"badges/{channel}/{badge}-{digest}.png"
    assert checked_key(key) == key


async def test_get_media() -> None:
    store = MemoryObjectStore()
    await store.put("badges/x/a.gif", b"GIF89a", "image/gif")
    found = await GetMedia(store)(GetMediaRequest("badges/x/a.gif"))
    assert (found.data, found.content_type) == (b"GIF89a", "image/gif")
    with pytest.raises(MediaNotFound) as info:
        await GetMedia(store)(GetMediaRequest("badges/x/b.gif"))
    assert info.value.code == "media-not-found"
