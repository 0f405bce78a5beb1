"""How an account appears in a channel's chat: its name colour and badges (computed)."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass


class BadgeKind(enum.StrEnum):
    STAFF = "staff"
    OWNER = "owner"
    MODERATOR = "moderator"
    VIP = "vip"
    OG = "og"
    SUBSCRIBER = "subscriber"


@dataclass(frozen=True, slots=True)
class ChatBadge:
    kind: BadgeKind
    months: int | None = None  # subscriber badges: the threshold shown
    image_url: str | None = None  # subscriber badges: the channel's badge image, if it has one


@dataclass(frozen=True, slots=True)
class ChatIdentity:
    account_id: uuid.UUID
    username: str
    colour: str  # "#RRGGBB": chosen by the account, else derived from its id
    colour_chosen: bool
    badges: tuple[ChatBadge, ...]  # in display order: staff, owner, moderator, vip, og, sub
