from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.entities import Channel
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.identity.entities import Account, Principal
from streamz.core.shared.ids import parse_id
from streamz.ports.channels import ChannelRepository
from streamz.ports.identity import AccountRepository


@dataclass(frozen=True, slots=True)
class GetChannelRequest:
    actor: Principal
    identifier: str  # a channel id or a slug


@dataclass(frozen=True, slots=True)
class ChannelProfile:
    channel: Channel
    owner: Account


class GetChannel:
    """Fetches a channel and its owner by channel identifier (channel id or slug).

    - Anyone may read a channel; slugs match case-insensitively.
    """

    def __init__(self, channels: ChannelRepository, accounts: AccountRepository) -> None:
        self._channels = channels
        self._accounts = accounts

    async def __call__(self, request: GetChannelRequest) -> ChannelProfile:
        channel_id = parse_id(request.identifier)
        if channel_id is not None:
            channel = await self._channels.get(channel_id)
        else:
            channel = await self._channels.by_slug(request.identifier.strip().lower())
        if channel is None:
            raise ChannelNotFound(f"no channel {request.identifier!r}")
        owner = await self._accounts.get(channel.account_id)
        if owner is None:  # pragma: no cover - foreign key
            raise RuntimeError(f"channel {channel.id} has no owner")
        return ChannelProfile(channel, owner)
