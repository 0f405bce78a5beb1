from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.social.preferences import ChannelNotificationPreferences, channel_view
from streamz.ports.channels import ChannelRepository
from streamz.ports.identity import AccountRepository
from streamz.ports.social import NotificationPreferenceRepository


@dataclass(frozen=True, slots=True)
class GetChannelNotificationPreferencesRequest:
    actor: Principal
    channel: str  # channel id or slug
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class GetChannelNotificationPreferences:
    """The notification settings that apply to one channel, and its overrides.

    - Signed-in session for itself, or the system for a named account.
    - Unknown channel: ``channel-not-found``.
    - Kinds about a channel only (channel_live, mentions, subscription_events); each is the
      channel's override if set, else the account-wide setting.
    """

    accounts: AccountRepository
    channels: ChannelRepository
    preferences: NotificationPreferenceRepository

    async def __call__(
        self, request: GetChannelNotificationPreferencesRequest
    ) -> ChannelNotificationPreferences:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        channel = await find_channel(self.channels, request.channel)
        chosen = await self.preferences.account(account_id)
        overrides = await self.preferences.channel(account_id, channel.id)
        return channel_view(channel, chosen, overrides)
