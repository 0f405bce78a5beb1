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


class ListBadges:
    """A channel's subscriber badges, by months ascending.

    - Anyone may read (anonymous included); unknown channel: ``ChannelNotFound``.
    - At most 17 badges (one per threshold): no pagination; one query for the set.
    """

    def __init__(
        self, channels: ChannelRepository, badges: BadgeRepository, store: ObjectStore
    ) -> None:
        self._channels = channels
        self._badges = badges
        self._store = store

    async def __call__(self, request: ListBadgesRequest) -> list[ShownBadge]:
        channel = await find_channel(self._channels, request.channel)
        return [
            ShownBadge(b, self._store.url(b.image_key))
            for b in await self._badges.for_channel(channel.id)
        ]
