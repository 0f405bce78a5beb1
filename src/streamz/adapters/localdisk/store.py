"""Files under one directory, served back by ``GET /media/{key}``.

The content type comes from the key's extension (keys are built by the core, which names the
extension after the sniffed type). Every path is resolved and must stay inside the root.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from urllib.parse import quote

from streamz.core.errors import Unavailable
from streamz.core.media.entities import CONTENT_TYPES, StoredObject

OCTET_STREAM = "application/octet-stream"


class LocalDiskStore:
    def __init__(self, root: Path, base_url: str) -> None:
        self._root = root.resolve()
        self._base_url = base_url.rstrip("/")

    def path(self, key: str) -> Path | None:
        """The file for ``key``, or None if it would fall outside the root."""
        if not key or "\x00" in key or key.startswith(("/", "\\")):
            return None
        path = (self._root / key).resolve()
        return path if path.is_relative_to(self._root) and path != self._root else None

    def _required(self, key: str) -> Path:
        path = self.path(key)
        if path is None:
            raise ValueError(f"invalid object key {key!r}")
        return path

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._required(key)
        try:
            await asyncio.to_thread(_write, path, data)
        except OSError as error:
            raise Unavailable("the media store cannot write") from error

    async def delete(self, key: str) -> None:
        path = self._required(key)
        try:
            await asyncio.to_thread(path.unlink, True)
        except OSError as error:
            raise Unavailable("the media store cannot delete") from error

    def url(self, key: str) -> str:
        return f"{self._base_url}/{quote(key)}"

    async def get(self, key: str) -> StoredObject | None:
        path = self.path(key)
        if path is None:
            return None
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        except OSError as error:
            raise Unavailable("the media store cannot read") from error
        extension = path.suffix.removeprefix(".").lower()
        return StoredObject(data, CONTENT_TYPES.get(extension, OCTET_STREAM))


def _write(path: Path, data: bytes) -> None:
    """Write to a temporary file, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
