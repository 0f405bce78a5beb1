"""Whether someone sees a chatroom's team view over websockets."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.ports.channels import ChannelRepository
from streamz.ports.team import ChannelRoleRepository


@dataclass(frozen=True, slots=True)
class RoomTeam:
    """``await team(principal, channel_id)``: True when ``principal`` is on the team of the
    channel's chatroom, the same readers who see delayed messages and moderation details over
    HTTP (``core.realtime.audience``).

    - The system and staff sessions: yes (a staff account's API token: only as a member).
    - The channel's owner and any of its moderators, whatever their permissions: yes.
    - Anyone else, anonymous included, or an unknown channel: no.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository

    async def __call__(self, principal: Principal, channel_id: uuid.UUID) -> bool:
        if principal.is_staff:
            return True
        account_id = principal.account_id
        if account_id is None:
            return False
        channel = await self.channels.get(channel_id)
        if channel is None:
            return False
        membership = await self.roles.membership(channel, account_id)
        return membership.is_owner or membership.is_moderator
