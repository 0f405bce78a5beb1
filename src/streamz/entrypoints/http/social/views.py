"""What the HTTP API shows and takes for follows, notification preferences and categories."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from streamz.core.channels.entities import Channel
from streamz.core.live.entities import Category
from streamz.core.social.entities import FollowedCategory, FollowedChannel, FollowStatus
from streamz.core.social.preferences import (
    ChannelNotificationPreferences,
    NotificationPreferences,
)
from streamz.entrypoints.http.requests import decode_body

# ---------------------------------------------------------------- notification preferences


class KindsIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Only the kinds sent change."""

    channel_live: bool | UnsetType = UNSET
    new_follower: bool | UnsetType = UNSET
    mentions: bool | UnsetType = UNSET
    subscription_events: bool | UnsetType = UNSET
    marketing: bool | UnsetType = UNSET


class NotificationPreferencesIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    push: KindsIn | UnsetType = UNSET
    email: KindsIn | UnsetType = UNSET


class ChannelKindsIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Only the kinds sent change; ``null`` clears the override (account-wide applies)."""

    channel_live: bool | UnsetType | None = UNSET
    mentions: bool | UnsetType | None = UNSET
    subscription_events: bool | UnsetType | None = UNSET


class ChannelNotificationPreferencesIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    push: ChannelKindsIn | UnsetType = UNSET
    email: ChannelKindsIn | UnsetType = UNSET


def sent_body(raw: bytes) -> dict[str, Any]:
    """The body as sent, for the use case to check strictly: the struct above documents it
    and checks its shape, but converts leniently (``0`` would pass as ``false``)."""
    body: dict[str, Any] = decode_body(raw)
    return body


class KindsOut(msgspec.Struct, frozen=True):
    channel_live: bool
    new_follower: bool
    mentions: bool
    subscription_events: bool
    marketing: bool


class NotificationSettingsOut(msgspec.Struct, frozen=True):
    push: KindsOut
    email: KindsOut


class NotificationPreferencesOut(msgspec.Struct, frozen=True):
    settings: NotificationSettingsOut  # what applies
    overrides: dict[str, dict[str, bool]]  # what the account chose, over the defaults

    @classmethod
    def of(cls, prefs: NotificationPreferences) -> NotificationPreferencesOut:
        settings = msgspec.convert(prefs.settings, NotificationSettingsOut)
        return cls(settings, prefs.overrides)


class ChannelKindsOut(msgspec.Struct, frozen=True):
    channel_live: bool
    mentions: bool
    subscription_events: bool


class ChannelSettingsOut(msgspec.Struct, frozen=True):
    push: ChannelKindsOut
    email: ChannelKindsOut


class PreferencesChannelRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str


class ChannelNotificationPreferencesOut(msgspec.Struct, frozen=True):
    channel: PreferencesChannelRef
    settings: ChannelSettingsOut  # the channel's overrides, else the account-wide settings
    overrides: dict[str, dict[str, bool]]  # set for this channel

    @classmethod
    def of(cls, prefs: ChannelNotificationPreferences) -> ChannelNotificationPreferencesOut:
        return cls(
            PreferencesChannelRef(prefs.channel.id, prefs.channel.slug),
            msgspec.convert(prefs.settings, ChannelSettingsOut),
            prefs.overrides,
        )


# ---------------------------------------------------------------- follows


class FollowStatusOut(msgspec.Struct, frozen=True):
    following: bool
    since: datetime | None

    @classmethod
    def of(cls, status: FollowStatus) -> FollowStatusOut:
        return cls(status.following, status.since)


class ChannelSummaryOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    display_name: str
    is_live: bool
    followers_count: int

    @classmethod
    def of(cls, channel: Channel) -> ChannelSummaryOut:
        return cls(
            channel.id, channel.slug, channel.display_name, channel.is_live, channel.followers_count
        )


class FollowedChannelOut(msgspec.Struct, frozen=True):
    channel: ChannelSummaryOut
    followed_at: datetime

    @classmethod
    def of(cls, row: FollowedChannel) -> FollowedChannelOut:
        return cls(ChannelSummaryOut.of(row.channel), row.follow.followed_at)


class FollowedChannelPage(msgspec.Struct, frozen=True):
    data: list[FollowedChannelOut]
    next: str | None


# ---------------------------------------------------------------- categories


class CategoryOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    igdb_id: int | None
    name: str
    slug: str
    cover_url: str | None
    genres: list[str]
    followers_count: int
    live_viewers: int
    created_at: datetime

    @classmethod
    def of(cls, c: Category) -> CategoryOut:
        return cls(
            c.id,
            c.igdb_id,
            c.name,
            c.slug,
            c.cover_url,
            list(c.genres),
            c.followers_count,
            c.live_viewers,
            c.created_at,
        )


class CategoryPage(msgspec.Struct, frozen=True):
    data: list[CategoryOut]
    next: str | None


class FollowedCategoryOut(msgspec.Struct, frozen=True):
    category: CategoryOut
    followed_at: datetime

    @classmethod
    def of(cls, row: FollowedCategory) -> FollowedCategoryOut:
        return cls(CategoryOut.of(row.category), row.follow.followed_at)


class FollowedCategoryPage(msgspec.Struct, frozen=True):
    data: list[FollowedCategoryOut]
    next: str | None


Genre = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class CreateCategoryIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
    slug: (
        Annotated[
            str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
        ]
        | None
    ) = None
    genres: Annotated[list[Genre], msgspec.Meta(max_length=20)] = msgspec.field(
        default_factory=list
    )
    cover_url: Annotated[str, msgspec.Meta(max_length=2048)] | None = None
    igdb_id: Annotated[int, msgspec.Meta(ge=1, le=2**62)] | None = None
