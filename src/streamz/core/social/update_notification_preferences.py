from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.social.preferences import (
    KINDS,
    NotificationPreferences,
    account_view,
    parse_changes,
)
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.social import NotificationPreferenceRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class UpdateNotificationPreferencesRequest:
    actor: Principal
    changes: Mapping[str, Any]  # {"push": {"mentions": False}, "email": {...}}
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class UpdateNotificationPreferences:
    """Changes account-wide notification settings: only the keys sent change.

    - Signed-in session for itself, or the system for a named account.
    - Deliveries: push, email. Kinds: channel_live, new_follower, mentions,
      subscription_events, marketing. Anything else, or a non-boolean value: ``invalid``, and
      nothing changes.
    - Concurrent updates of different keys both apply (merged in one statement).
    """

    accounts: AccountRepository
    preferences: NotificationPreferenceRepository
    uow: UnitOfWork
    clock: Clock

    async def __call__(
        self, request: UpdateNotificationPreferencesRequest
    ) -> NotificationPreferences:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        values, _ = parse_changes(request.changes, KINDS, clearable=False)
        if not values:
            return account_view(await self.preferences.account(account_id))
        chosen = await self.preferences.merge_account(account_id, values, self.clock.now())
        await self.uow.commit()
        return account_view(chosen)
