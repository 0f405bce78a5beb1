from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.acting import acting_account
from streamz.core.identity.entities import Principal
from streamz.core.social.preferences import NotificationPreferences, account_view
from streamz.ports.identity import AccountRepository
from streamz.ports.social import NotificationPreferenceRepository


@dataclass(frozen=True, slots=True)
class GetNotificationPreferencesRequest:
    actor: Principal
    account_id: uuid.UUID | None = None  # the system names the account (Internal tier)


@dataclass(frozen=True, slots=True)
class GetNotificationPreferences:
    """The account-wide notification settings.

    - Signed-in session for itself, or the system for a named account.
    - Without any choice stored, the defaults: everything on except ``marketing``.
    """

    accounts: AccountRepository
    preferences: NotificationPreferenceRepository

    async def __call__(self, request: GetNotificationPreferencesRequest) -> NotificationPreferences:
        account_id = await acting_account(self.accounts, request.actor, request.account_id)
        return account_view(await self.preferences.account(account_id))
