"""The rules every emote obeys: its code, its image, how many a channel may have."""

from __future__ import annotations

import re

from streamz.core.errors import Invalid
from streamz.core.media.entities import ImageRules

# Codes are typed in chat as they are stored: ASCII letters and digits only, 2-25 of them.
CODE = re.compile(r"[A-Za-z0-9]{2,25}")
CODE_FIELD = "body.code"

# At most this many emotes per channel (counted under a lock on the channel).
MAX_EMOTES = 200

# Emotes: PNG, GIF or WebP, at most 512 KiB (so an upload fits the default 1 MiB body limit),
# square, 28x28 to 512x512 px (chat shows them at 28 px; bigger sources scale down crisply).
EMOTE_IMAGES = ImageRules(max_bytes=512 * 1024, min_side=28, max_side=512, square=True)


def check_code(code: str) -> str:
    """``code`` if it is 2-25 ASCII letters or digits (nothing around them), else ``Invalid``."""
    if not CODE.fullmatch(code):
        raise Invalid.field(
            CODE_FIELD, "code must be 2-25 letters (A-Z, a-z) or digits (0-9), nothing else"
        )
    return code


def same_code(a: str, b: str) -> bool:
    """Codes that differ only by case are one code for uniqueness (``Kappa`` and ``KAPPA``)."""
    return a.lower() == b.lower()
