from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.social import following
from streamz.core.social.entities import FollowStatus
from streamz.core.social.errors import CannotFollowSelf
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.social import ChannelFollowRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class FollowChannelRequest:
    actor: Principal
    channel: str  # channel id or slug
    account_id: uuid.UUID | None = None  # the system names the follower (Internal tier)


@dataclass(frozen=True, slots=True)
class FollowChannel:
    """Follows a channel.

    - Signed-in session for itself, or the system for a named account (see ``acting_account``).
    - Unknown channel: ``channel-not-found``. Your own channel: ``cannot-follow-self``.
    - Idempotent: following again keeps the first follow, its date, and emits nothing.
    - A new follow adds one to ``channels.followers_count`` in the same transaction and emits
      ``channel.followed`` (follower id, channel id, followed_at).
    """

    accounts: AccountRepository
    channels: ChannelRepository
    follows: ChannelFollowRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: FollowChannelRequest) -> FollowStatus:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        channel = await find_channel(self.channels, request.channel)
        if channel.account_id == account_id:
            raise CannotFollowSelf("you cannot follow your own channel")
        now = self.clock.now()
        result = await following.follow(
            self.follows, self.uow, "channel", account_id, channel.id, now
        )
        await self.uow.commit()
        return result
