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
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ClearChannelNotificationPreferencesRequest:
    actor: Principal
    channel: str  # channel id or slug
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ClearChannelNotificationPreferences:
    """Removes every override for one channel: the account-wide settings apply again.

    - Signed-in session for itself, or the system for a named account.
    - Unknown channel: ``channel-not-found``. Clearing twice is harmless.
    """

    accounts: AccountRepository
    channels: ChannelRepository
    preferences: NotificationPreferenceRepository
    uow: UnitOfWork

    async def __call__(
        self, request: ClearChannelNotificationPreferencesRequest
    ) -> ChannelNotificationPreferences:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        channel = await find_channel(self.channels, request.channel)
        await self.preferences.clear_channel(account_id, channel.id)
        await self.uow.commit()
        chosen = await self.preferences.account(account_id)
        return channel_view(channel, chosen, {})
