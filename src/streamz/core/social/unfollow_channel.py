from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.social import following
from streamz.core.social.entities import FollowStatus
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.social import ChannelFollowRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class UnfollowChannelRequest:
    actor: Principal
    channel: str  # channel id or slug
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class UnfollowChannel:
    """Stops following a channel.

    - Signed-in session for itself, or the system for a named account.
    - Unknown channel: ``channel-not-found``.
    - Idempotent: unfollowing a channel not followed changes nothing and emits nothing.
    - A removed follow takes one from ``channels.followers_count`` in the same transaction and
      emits ``channel.unfollowed`` (follower id, channel id, followed_at, unfollowed_at).
    """

    accounts: AccountRepository
    channels: ChannelRepository
    follows: ChannelFollowRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: UnfollowChannelRequest) -> FollowStatus:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        channel = await find_channel(self.channels, request.channel)
        result = await following.unfollow(
            self.follows, self.uow, "channel", account_id, channel.id, self.clock.now()
        )
        await self.uow.commit()
        return result
