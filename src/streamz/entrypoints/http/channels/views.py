from __future__ import annotations

import uuid
from datetime import datetime

import msgspec

from streamz.core.channels.entities import Channel
from streamz.core.channels.get_channel import ChannelProfile
from streamz.core.identity.entities import Account


class OwnerRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    username: str


class ChannelOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    display_name: str
    bio: str
    is_live: bool
    followers_count: int
    created_at: datetime
    owner: OwnerRef

    @classmethod
    def of(cls, profile: ChannelProfile) -> ChannelOut:
        return cls.from_parts(profile.channel, profile.owner)

    @classmethod
    def from_parts(cls, channel: Channel, owner: Account) -> ChannelOut:
        return cls(
            id=channel.id,
            slug=channel.slug,
            display_name=channel.display_name,
            bio=channel.bio,
            is_live=channel.is_live,
            followers_count=channel.followers_count,
            created_at=channel.created_at,
            owner=OwnerRef(owner.id, owner.username),
        )
