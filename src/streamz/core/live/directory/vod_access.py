"""Who sees which VODs: visibility enforced on every read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.channels.entities import Channel
from streamz.core.identity.entities import Principal
from streamz.core.live.directory.errors import VodNotFound, VodSubscribersOnly
from streamz.core.live.entities import Vod, VodVisibility
from streamz.ports.channels import ChannelRepository
from streamz.ports.directory import VodCatalog
from streamz.ports.subscriptions import SubscriptionReader
from streamz.ports.team import ChannelRoleRepository

EVERYTHING = VodVisibility.ALL
SUBSCRIBED = (VodVisibility.PUBLIC, VodVisibility.SUBSCRIBERS)
PUBLIC_ONLY = (VodVisibility.PUBLIC,)


@dataclass(frozen=True, slots=True)
class VodAccess:
    """What a caller may see of a channel's VODs.

    - ``public``: everyone. ``subscribers``: the channel's active subscribers, its owner, its
      moderators, staff and the system. ``private``: the owner, staff and the system.
    - API tokens see what their account sees (reads need no scope).
    - A VOD the caller may not see: ``vod-not-found`` when private (its existence is not
      revealed), ``vod-subscribers-only`` when for subscribers.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    subscriptions: SubscriptionReader
    vods: VodCatalog

    async def visibilities(self, actor: Principal, channel: Channel) -> tuple[str, ...]:
        if actor.is_staff:  # staff sessions and the system
            return EVERYTHING
        account_id = actor.account_id
        if account_id is None:
            return PUBLIC_ONLY
        if account_id == channel.account_id:
            return EVERYTHING
        if (await self.roles.membership(channel, account_id)).is_moderator:
            return SUBSCRIBED
        if await self.subscriptions.active(channel.id, account_id) is not None:
            return SUBSCRIBED
        return PUBLIC_ONLY

    async def readable(self, actor: Principal, vod_id: uuid.UUID) -> tuple[Vod, Channel]:
        """The VOD and its channel, if ``actor`` may see it."""
        vod = await self.vods.get(vod_id)
        channel = await self.channels.get(vod.channel_id) if vod else None
        if vod is None or channel is None:
            raise VodNotFound(f"no VOD {vod_id}")
        if vod.visibility == VodVisibility.PUBLIC:
            return vod, channel
        if vod.visibility not in await self.visibilities(actor, channel):
            if vod.visibility == VodVisibility.SUBSCRIBERS:
                raise VodSubscribersOnly("this VOD is for the channel's subscribers")
            raise VodNotFound(f"no VOD {vod_id}")
        return vod, channel

    async def channel(self, identifier: str) -> Channel:
        """The channel by id or slug (``ChannelNotFound``)."""
        return await find_channel(self.channels, identifier)
