"""Follows and their views."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from streamz.core.channels.entities import Channel
from streamz.core.live.entities import Category


@dataclass(frozen=True, slots=True)
class Follow:
    """``account_id`` follows ``target_id`` (a channel or a category) since ``followed_at``."""

    id: uuid.UUID
    account_id: uuid.UUID
    target_id: uuid.UUID
    followed_at: datetime


@dataclass(frozen=True, slots=True)
class FollowedChannel:
    follow: Follow
    channel: Channel


@dataclass(frozen=True, slots=True)
class FollowedCategory:
    follow: Follow
    category: Category


@dataclass(frozen=True, slots=True)
class FollowStatus:
    """Whether the account follows the target now; ``changed``: this call followed/unfollowed."""

    following: bool
    since: datetime | None
    changed: bool = False
