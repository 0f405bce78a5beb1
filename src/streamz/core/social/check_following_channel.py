from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.social import following
from streamz.core.social.entities import FollowStatus
from streamz.ports.channels import ChannelRepository
from streamz.ports.identity import AccountRepository
from streamz.ports.social import ChannelFollowRepository


@dataclass(frozen=True, slots=True)
class CheckFollowingChannelRequest:
    actor: Principal
    channel: str  # channel id or slug
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class CheckFollowingChannel:
    """Whether the account follows a channel, and since when.

    - Signed-in session for itself, or the system for a named account.
    - Unknown channel: ``channel-not-found``.
    """

    accounts: AccountRepository
    channels: ChannelRepository
    follows: ChannelFollowRepository

    async def __call__(self, request: CheckFollowingChannelRequest) -> FollowStatus:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        channel = await find_channel(self.channels, request.channel)
        return await following.status(self.follows, account_id, channel.id)
