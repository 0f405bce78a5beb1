from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from streamz.core.channels.access import find_channel
from streamz.core.channels.audit import ActingAs, AuditEntry
from streamz.core.chat.chat_identity.colours import check_colour
from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.chat.chat_identity.identities import ChatIdentities
from streamz.core.errors import Forbidden
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Scope
from streamz.core.identity.lookup import find_account
from streamz.core.shared.events import Event
from streamz.ports.channels import ChannelRepository
from streamz.ports.chat import ChatroomRepository
from streamz.ports.team import AuditLog
from streamz.ports.unit_of_work import UnitOfWork

IDENTITY_UPDATED = "chat.identity_updated"


@dataclass(frozen=True, slots=True)
class UpdateChatIdentityRequest:
    actor: Principal
    channel: str  # channel id or slug
    user: str  # account id or username
    colour: str | None  # "#RRGGBB"; None: back to the colour derived from the account id


def identity_payload(identity: ChatIdentity) -> dict[str, Any]:
    return {
        "account_id": str(identity.account_id),
        "username": identity.username,
        "colour": identity.colour,
        "colour_chosen": identity.colour_chosen,
        "badges": [
            {"kind": str(b.kind), "months": b.months, "image_url": b.image_url}
            for b in identity.badges
        ],
    }


@dataclass(frozen=True, slots=True)
class UpdateChatIdentity:
    """Sets (or clears) the colour of an account's name in one channel's chat.

    - Who: the account itself (a signed-in session; an API token needs ``chat:write``), staff
      on the Admin API (audited as staff), the system (audited); anyone else ``forbidden``,
      nobody signed in ``unauthenticated``.
    - Unknown channel: ``channel-not-found``; unknown user: ``account-not-found``.
    - ``colour``: ``#RRGGBB`` (hex digits, any case; stored upper-case) or None to go back to
      the derived colour; anything else ``invalid`` (``body.colour``).
    - The same colour again changes nothing and emits nothing.
    - Otherwise, in one transaction: the colour, the audit entry ``chat.identity_updated``
      (staff and system only) and the event ``chat.identity_updated`` carrying the new
      identity; after the commit the cached identity is dropped. Returns the new identity.
    """

    channels: ChannelRepository
    chatrooms: ChatroomRepository
    identities: ChatIdentities
    audit_log: AuditLog
    uow: UnitOfWork

    async def __call__(self, request: UpdateChatIdentityRequest) -> ChatIdentity:
        actor = request.actor
        if not actor.is_system:
            actor.require_account()
        sources = self.identities.sources
        channel = await find_channel(self.channels, request.channel)
        account = await find_account(sources.accounts, request.user)
        acting_as = _acting_as(actor, account)
        colour = check_colour(request.colour)
        previous = await sources.colours.get(channel.id, account.id)
        if colour == previous:
            return await self.identities.of(channel, account.id)
        now = sources.clock.now()
        if colour is None:
            await sources.colours.clear(channel.id, account.id)
        else:
            await sources.colours.set(channel.id, account.id, colour, now)
        identity = (await self.identities.compute(channel, account.id)).identity
        if acting_as is not None:
            await self.audit_log.record(
                AuditEntry(
                    channel_id=channel.id,
                    actor_id=actor.account_id,
                    acting_as=acting_as,
                    action=IDENTITY_UPDATED,
                    at=now,
                    target_account_id=account.id,
                    details={"colour": colour, "previous": previous},
                )
            )
        chatroom = await self.chatrooms.by_channel(channel.id)
        payload = {
            "channel_id": str(channel.id),
            "chatroom_id": str(chatroom.id) if chatroom else None,
            "identity": identity_payload(identity),
        }
        self.uow.record(Event(IDENTITY_UPDATED, str(channel.id), payload, now))
        await self.uow.commit()
        await self.identities.forget(channel.id, account.id)
        return identity


def _acting_as(actor: Principal, account: Account) -> ActingAs | None:
    """Staff or system powers (audited), or None for the account itself."""
    if actor.is_system:
        return ActingAs.SYSTEM
    if actor.kind is PrincipalKind.STAFF:
        return ActingAs.STAFF
    if actor.kind is PrincipalKind.TOKEN:
        actor.require_scope(Scope.CHAT_WRITE)
    if actor.account_id == account.id:
        return None
    raise Forbidden("only the account itself (or staff on the Admin API) may change its identity")
