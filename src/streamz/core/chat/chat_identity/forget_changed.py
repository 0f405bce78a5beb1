"""Cached chat identities follow the changes they are computed from."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import ClassVar

from streamz.core.shared.events import Event
from streamz.ports.chat_identity import IdentityCache

_MEMBER = frozenset(
    {
        "channel.role_granted",
        "channel.role_revoked",
        "channel.subscribed",
        "channel.subscription_ended",
    }
)
_CHANNEL = frozenset({"channel.badges_updated"})
_ACCOUNT = frozenset({"account.role_changed"})


@dataclass(frozen=True, slots=True)
class ForgetChangedIdentities:
    """Drops cached identities once a change of their inputs is committed.

    - A role granted or revoked, a subscription started or ended: the account's identity in
      that channel.
    - The channel's badge set changed: every identity in the channel.
    - An account's platform role changed (staff badge): its identity in every channel.
    """

    topics: ClassVar[frozenset[str]] = _MEMBER | _CHANNEL | _ACCOUNT

    identities: IdentityCache

    async def __call__(self, event: Event) -> None:
        payload = event.payload
        if event.topic in _MEMBER:
            channel_id = uuid.UUID(payload["channel_id"])
            await self.identities.forget(channel_id, uuid.UUID(payload["account_id"]))
        elif event.topic in _CHANNEL:
            await self.identities.forget_channel(uuid.UUID(payload["channel_id"]))
        elif event.topic in _ACCOUNT:
            await self.identities.forget_account(uuid.UUID(payload["account_id"]))
