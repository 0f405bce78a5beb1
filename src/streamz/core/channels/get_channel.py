from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.identity.entities import Account, Principal
from streamz.core.shared.ids import parse_id
from streamz.ports.channels import ChannelRepository


@dataclass(frozen=True, slots=True)
class GetChannelRequest:
    actor: Principal
    identifier: str  # a channel id or a slug


@dataclass(frozen=True, slots=True)
class ChannelProfile:
    channel: Channel
    owner: Account


@dataclass(frozen=True, slots=True)
class GetChannel:
    """Fetches a channel and its owner by channel identifier (channel id or slug).

    - Anyone may read a channel; slugs match case-insensitively.
    """

    channels: ChannelRepository

    async def __call__(self, request: GetChannelRequest) -> ChannelProfile:
        channel_id = parse_id(request.identifier)
        slug = None if channel_id is not None else request.identifier.strip().lower()
        found = await self.channels.profile(channel_id=channel_id, slug=slug)
        if found is None:
            raise ChannelNotFound(f"no channel {request.identifier!r}")
        return ChannelProfile(*found)
