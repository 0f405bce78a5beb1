"""Notification preferences: per delivery channel (push, email) and per kind of notification.

Stored sparse, as flat keys (``"push.channel_live": False``): only what an account chose. What
applies is the defaults, then the account's choices, then (for one channel) its overrides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from streamz.core.channels.entities import Channel
from streamz.core.errors import FieldError, Invalid

DELIVERIES = ("push", "email")
KINDS = ("channel_live", "new_follower", "mentions", "subscription_events", "marketing")
CHANNEL_KINDS = ("channel_live", "mentions", "subscription_events")  # about one channel
DEFAULTS = {f"{d}.{k}": k != "marketing" for d in DELIVERIES for k in KINDS}

Nested = dict[str, dict[str, bool]]


@dataclass(frozen=True, slots=True)
class NotificationPreferences:
    """``settings``: what applies, every delivery and kind; ``overrides``: what was chosen."""

    settings: Nested
    overrides: Nested


@dataclass(frozen=True, slots=True)
class ChannelNotificationPreferences:
    channel: Channel
    settings: Nested  # the channel kinds: its overrides, else the account-wide settings
    overrides: Nested  # set for this channel only


def nested(flat: Mapping[str, bool], kinds: tuple[str, ...]) -> Nested:
    return {d: {k: flat[f"{d}.{k}"] for k in kinds if f"{d}.{k}" in flat} for d in DELIVERIES}


def account_view(chosen: Mapping[str, bool]) -> NotificationPreferences:
    return NotificationPreferences(nested({**DEFAULTS, **chosen}, KINDS), nested(chosen, KINDS))


def channel_view(
    channel: Channel, chosen: Mapping[str, bool], overrides: Mapping[str, bool]
) -> ChannelNotificationPreferences:
    applied = {**DEFAULTS, **chosen, **overrides}
    return ChannelNotificationPreferences(
        channel, nested(applied, CHANNEL_KINDS), nested(overrides, CHANNEL_KINDS)
    )


def parse_changes(
    changes: Mapping[str, Any], kinds: tuple[str, ...], *, clearable: bool
) -> tuple[dict[str, bool], list[str]]:
    """``{"push": {"mentions": False}}`` → flat values to set and keys to clear (``None``).

    Unknown deliveries or kinds, and values that are not booleans, are ``Invalid`` (all named).
    """
    values: dict[str, bool] = {}
    cleared: list[str] = []
    errors: list[FieldError] = []
    if not isinstance(changes, Mapping):
        raise Invalid.field("body", "expected an object of delivery channels")
    for delivery, per_kind in changes.items():
        if delivery not in DELIVERIES:
            errors.append(FieldError(f"body.{delivery}", f"unknown: use {', '.join(DELIVERIES)}"))
            continue
        if not isinstance(per_kind, Mapping):
            errors.append(FieldError(f"body.{delivery}", "expected an object of kinds"))
            continue
        for kind, value in per_kind.items():
            field = f"body.{delivery}.{kind}"
            if kind not in kinds:
                errors.append(FieldError(field, f"unknown here: use {', '.join(kinds)}"))
            elif value is None and clearable:
                cleared.append(f"{delivery}.{kind}")
            elif isinstance(value, bool):
                values[f"{delivery}.{kind}"] = value
            else:
                errors.append(FieldError(field, "expected true or false"))
    if errors:
        raise Invalid("the notification preferences are invalid", errors=errors)
    return values, cleared
