from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.chat.emotes.entities import ShownEmote
from streamz.core.identity.entities import Principal
from streamz.ports.channels import ChannelRepository
from streamz.ports.emotes import EmoteRepository
from streamz.ports.media import ObjectStore


@dataclass(frozen=True, slots=True)
class ListEmotesRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class ListEmotes:
    """Every emote of a channel's chatroom with its image URL, ordered by code (ignoring case).

    - Anyone may read (anonymous included); unknown channel: ``ChannelNotFound``.
    - At most 200 emotes: no pagination; one query for the set.
    """

    channels: ChannelRepository
    emotes: EmoteRepository
    store: ObjectStore

    async def __call__(self, request: ListEmotesRequest) -> list[ShownEmote]:
        channel = await find_channel(self.channels, request.channel)
        return [
            ShownEmote(e, self.store.url(e.image_key))
            for e in await self.emotes.for_channel(channel.id)
        ]
