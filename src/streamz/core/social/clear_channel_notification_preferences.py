from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.identity.entities import Principal
from streamz.core.social.acting import acting_account
from streamz.core.social.preferences import ChannelNotificationPreferences, channel_view
from streamz.ports.channels import ChannelRepository
from streamz.ports.identity import AccountRepository
from streamz.ports.social import NotificationPreferenceRepository
from streamz.ports.transaction import TransactionManager


@dataclass(frozen=True, slots=True)
class ClearChannelNotificationPreferencesRequest:
    actor: Principal
    channel: str  # channel id or slug
    account_id: uuid.UUID | None = None


class ClearChannelNotificationPreferences:
    """Removes every override for one channel: the account-wide settings apply again.

    - Signed-in session for itself, or the system for a named account.
    - Unknown channel: ``channel-not-found``. Clearing twice is harmless.
    """

    def __init__(
        self,
        accounts: AccountRepository,
        channels: ChannelRepository,
        preferences: NotificationPreferenceRepository,
        tx: TransactionManager,
    ) -> None:
        self._accounts = accounts
        self._channels = channels
        self._preferences = preferences
        self._tx = tx

    async def __call__(
        self, request: ClearChannelNotificationPreferencesRequest
    ) -> ChannelNotificationPreferences:
        account_id = await acting_account(self._accounts, request.actor, request.account_id)
        channel = await find_channel(self._channels, request.channel)
        await self._preferences.clear_channel(account_id, channel.id)
        await self._tx.commit()
        chosen = await self._preferences.account(account_id)
        return channel_view(channel, chosen, {})
