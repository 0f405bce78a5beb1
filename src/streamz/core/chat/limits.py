"""Input rules of chatroom settings and rules: names, types, ranges, lengths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from streamz.core.chat.entities import ChatSettings
from streamz.core.errors import FieldError, Invalid

MAX_RULES = 20
MAX_RULE = 500

# setting -> (low, high) for whole numbers; booleans have no range
RANGES: dict[str, tuple[int, int]] = {
    "slow_mode_seconds": (0, 3600),
    "followers_only": (0, 129_600),
    "min_account_age_minutes": (0, 525_600),
    "non_moderator_delay_seconds": (0, 10),
    "rate_limit_messages": (1, 1000),
    "moderator_rate_limit_messages": (1, 1000),
    "rate_limit_window_seconds": (1, 3600),
}
NULLABLE = frozenset({"followers_only"})
SETTINGS = tuple(f.name for f in fields(ChatSettings))


def check_settings(changes: Mapping[str, Any], *, prefix: str = "body") -> dict[str, Any]:
    """``changes`` if every key is a setting with a value of its type and range; else
    ``Invalid`` naming each bad field (``body.slow_mode_seconds``). Nothing is coerced."""
    errors: list[FieldError] = []
    for key, value in changes.items():
        path = f"{prefix}.{key}"
        if key not in SETTINGS:
            errors.append(FieldError(path, f"unknown setting {key!r}"))
        elif value is None:
            if key not in NULLABLE:
                errors.append(FieldError(path, f"{key} cannot be null"))
        elif key in RANGES:
            low, high = RANGES[key]
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append(FieldError(path, f"{key} must be a whole number"))
            elif not low <= value <= high:
                errors.append(FieldError(path, f"{key} must be {low}-{high}"))
        elif not isinstance(value, bool):
            errors.append(FieldError(path, f"{key} must be true or false"))
    if errors:
        raise Invalid("the chat settings are invalid", errors=errors)
    return dict(changes)


def check_rules(rules: Sequence[str], *, field: str = "body.rules") -> tuple[str, ...]:
    """The rules trimmed, in order: at most 20, each 1-500 characters; else ``Invalid``."""
    errors: list[FieldError] = []
    if len(rules) > MAX_RULES:
        errors.append(FieldError(field, f"a chatroom has at most {MAX_RULES} rules"))
    trimmed = []
    for n, rule in enumerate(rules):
        text = rule.strip() if isinstance(rule, str) else None
        if text is None or not 1 <= len(text) <= MAX_RULE:
            errors.append(FieldError(f"{field}[{n}]", f"a rule must be 1-{MAX_RULE} characters"))
        else:
            trimmed.append(text)
    if errors:
        raise Invalid("the chat rules are invalid", errors=errors)
    return tuple(trimmed)
