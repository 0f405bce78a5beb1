from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from streamz.core.channels.access import find_channel
from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.social.preferences import (
    CHANNEL_KINDS,
    ChannelNotificationPreferences,
    channel_view,
    parse_changes,
)
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.social import NotificationPreferenceRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class UpdateChannelNotificationPreferencesRequest:
    actor: Principal
    channel: str  # channel id or slug
    changes: Mapping[str, Any]  # {"push": {"channel_live": False, "mentions": None}}
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class UpdateChannelNotificationPreferences:
    """Overrides notification settings for one channel: only the keys sent change.

    - Signed-in session for itself, or the system for a named account.
    - Unknown channel: ``channel-not-found``.
    - Kinds: channel_live, mentions, subscription_events. A ``null`` value clears that one
      override (back to the account-wide setting). Anything else: ``invalid``, nothing changes.
    """

    accounts: AccountRepository
    channels: ChannelRepository
    preferences: NotificationPreferenceRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(
        self, request: UpdateChannelNotificationPreferencesRequest
    ) -> ChannelNotificationPreferences:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        values, cleared = parse_changes(request.changes, CHANNEL_KINDS, clearable=True)
        channel = await find_channel(self.channels, request.channel)
        if values or cleared:
            overrides = await self.preferences.merge_channel(
                account_id, channel.id, values, cleared, self.clock.now()
            )
            await self.uow.commit()
        else:
            overrides = await self.preferences.channel(account_id, channel.id)
        chosen = await self.preferences.account(account_id)
        return channel_view(channel, chosen, overrides)
