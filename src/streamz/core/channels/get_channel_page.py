from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.badges.entities import ShownBadge
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.identity.entities import Principal
from streamz.core.shared.ids import parse_id
from streamz.ports.channel_page import ChannelPageData, ChannelPageReader
from streamz.ports.media import ObjectStore


@dataclass(frozen=True, slots=True)
class GetChannelPageRequest:
    actor: Principal
    identifier: str  # a channel id or a slug


@dataclass(frozen=True, slots=True)
class ChannelPage:
    data: ChannelPageData
    badges: list[ShownBadge]  # with public image URLs, by months


@dataclass(frozen=True, slots=True)
class GetChannelPage:
    """Reads a channel page: the channel and its owner, panels and links in order, subscriber
    badges by months, and how many moderators, VIPs and OGs it has.

    - Anyone may read it, on every tier; slugs match case-insensitively.
    - Unknown channel: ``ChannelNotFound``.
    """

    reader: ChannelPageReader
    store: ObjectStore

    async def __call__(self, request: GetChannelPageRequest) -> ChannelPage:
        channel_id = parse_id(request.identifier)
        slug = None if channel_id is not None else request.identifier.strip().lower()
        data = await self.reader.page(channel_id=channel_id, slug=slug)
        if data is None:
            raise ChannelNotFound(f"no channel {request.identifier!r}")
        shown = [ShownBadge(badge, self.store.url(badge.image_key)) for badge in data.badges]
        return ChannelPage(data, shown)
