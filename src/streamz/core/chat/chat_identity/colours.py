"""Chosen chat colours: ``#RRGGBB`` (hex), stored upper-case."""

from __future__ import annotations

import re

from streamz.core.errors import Invalid

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def check_colour(colour: str | None, field: str = "body.colour") -> str | None:
    """``colour`` upper-cased, None kept (back to the derived colour); anything but ``#`` and
    six hex digits: ``Invalid`` naming ``field``."""
    if colour is None:
        return None
    if _HEX.fullmatch(colour) is None:
        raise Invalid.field(field, "colour must be '#RRGGBB' (six hex digits) or null")
    return colour.upper()
