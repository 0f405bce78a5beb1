from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.chat.chat_identity.identities import ChatIdentities
from streamz.core.identity.entities import Principal
from streamz.core.identity.lookup import find_account
from streamz.ports.channels import ChannelRepository


@dataclass(frozen=True, slots=True)
class GetChatIdentityRequest:
    actor: Principal
    channel: str  # channel id or slug
    user: str  # account id or username


@dataclass(frozen=True, slots=True)
class GetChatIdentity:
    """How an account appears in a channel's chat: name, colour and badges (computed, cached).

    - Anyone may read it, anonymous callers too.
    - Unknown channel: ``channel-not-found``; unknown user (username or id):
      ``account-not-found``.
    """

    channels: ChannelRepository
    identities: ChatIdentities

    async def __call__(self, request: GetChatIdentityRequest) -> ChatIdentity:
        channel = await find_channel(self.channels, request.channel)
        account = await find_account(self.identities.sources.accounts, request.user)
        return await self.identities.of(channel, account.id)
