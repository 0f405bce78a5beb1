"""Object keys: content-addressed names, and the check every key from outside goes through."""

from __future__ import annotations

import hashlib
import re
import uuid

from streamz.core.media.errors import MediaNotFound

MAX_KEY = 512
_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")


def badge_key(channel_id: uuid.UUID, badge_id: uuid.UUID, data: bytes, extension: str) -> str:
    """``badges/<channel>/<badge>-<sha256>.<ext>``: never reused, so its URL is immutable and
    deleting one badge's object can never remove another's."""
    digest = hashlib.sha256(data).hexdigest()
    return f"badges/{channel_id}/{badge_id}-{digest}.{extension}"


def emote_key(channel_id: uuid.UUID, emote_id: uuid.UUID, data: bytes, extension: str) -> str:
    """``emotes/<channel>/<emote>-<sha256>.<ext>``: never reused, like ``badge_key``."""
    digest = hashlib.sha256(data).hexdigest()
    return f"emotes/{channel_id}/{emote_id}-{digest}.{extension}"


def checked_key(key: str) -> str:
    """``key`` if it is a plain relative path (``a/b.png``), else ``MediaNotFound``.

    Refused: empty or over 512 characters, absolute paths, ``.``/``..`` or empty segments,
    backslashes, NUL and anything outside ``[A-Za-z0-9._-]`` per segment, leading dots.
    """
    segments = key.split("/")
    if not key or len(key) > MAX_KEY or not all(_SEGMENT.fullmatch(s) for s in segments):
        raise MediaNotFound("no such media")
    return key
