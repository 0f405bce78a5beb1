from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.channels.badges.entities import ShownBadge
from streamz.core.identity.entities import Principal
from streamz.ports.badges import BadgeRepository
from streamz.ports.channels import ChannelRepository
from streamz.ports.media import ObjectStore


@dataclass(frozen=True, slots=True)
class ListBadgesRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class ListBadges:
    """A channel's subscriber badges, by months ascending.

    - Anyone may read (anonymous included); unknown channel: ``ChannelNotFound``.
    - At most 17 badges (one per threshold): no pagination; one query for the set.
    """

    channels: ChannelRepository
    badges: BadgeRepository
    store: ObjectStore

    async def __call__(self, request: ListBadgesRequest) -> list[ShownBadge]:
        channel = await find_channel(self.channels, request.channel)
        return [
            ShownBadge(b, self.store.url(b.image_key))
            for b in await self.badges.for_channel(channel.id)
        ]
