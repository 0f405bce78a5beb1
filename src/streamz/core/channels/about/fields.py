"""Checking the fields of a panel or link, and the ``KEEP`` marker of partial updates."""

from __future__ import annotations

import enum
from typing import Literal

from streamz.core.channels.about.rules import (
    MAX_BODY,
    MAX_LABEL,
    MAX_TITLE,
    check_text,
    check_url,
)
from streamz.core.errors import FieldError, Invalid


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP
Keep = Literal[_Keep.KEEP]  # a field of an update request that stays as it is


class Checked:
    """Collects field errors; ``raise_if_any`` raises them together as one ``Invalid``."""

    def __init__(self, what: str) -> None:
        self._what = what
        self.errors: list[FieldError] = []

    def title(self, value: str) -> str:
        return check_text(self.errors, "body.title", value, low=1, high=MAX_TITLE)

    def body(self, value: str) -> str:
        return check_text(self.errors, "body.body", value, low=0, high=MAX_BODY, strip=False)

    def url(self, field: str, value: str | None) -> str | None:
        return check_url(self.errors, f"body.{field}", value)

    def label(self, value: str | None) -> str | None:
        if value is None:
            return None
        label = check_text(self.errors, "body.label", value, low=0, high=MAX_LABEL)
        return label or None

    def raise_if_any(self) -> None:
        if self.errors:
            raise Invalid(f"the {self._what} is invalid", errors=self.errors)
