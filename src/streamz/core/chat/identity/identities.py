"""Computes how an account appears in a channel's chat (first version: no cache, no chosen
colour; the identity slice replaces the body, keeping ``ChatIdentities.of``)."""

from __future__ import annotations

import hashlib
import uuid

from streamz.core.channels.entities import Channel
from streamz.core.chat.identity.entities import BadgeKind, ChatBadge, ChatIdentity
from streamz.core.identity.entities import Role
from streamz.ports.channel_roles import ChannelRoleRepository
from streamz.ports.identity import AccountRepository

PALETTE = (
    "#FF4500", "#1E90FF", "#2E8B57", "#DAA520", "#D2691E", "#9ACD32", "#FF69B4", "#8A2BE2",
    "#00FF7F", "#5F9EA0", "#B22222", "#FF7F50", "#008000", "#0000FF", "#CC00CC",
)  # fmt: skip


def derived_colour(account_id: uuid.UUID) -> str:
    """A stable colour from the account id (the same in every channel)."""
    digest = hashlib.blake2b(account_id.bytes, digest_size=2).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]


class ChatIdentities:
    def __init__(self, accounts: AccountRepository, roles: ChannelRoleRepository) -> None:
        self._accounts = accounts
        self._roles = roles

    async def of(self, channel: Channel, account_id: uuid.UUID) -> ChatIdentity:
        account = await self._accounts.get(account_id)
        username = account.username if account is not None else "unknown"
        membership = await self._roles.membership(channel, account_id)
        badges: list[ChatBadge] = []
        if account is not None and account.role is Role.STAFF:
            badges.append(ChatBadge(BadgeKind.STAFF))
        if membership.is_owner:
            badges.append(ChatBadge(BadgeKind.OWNER))
        colour = derived_colour(account_id)
        return ChatIdentity(account_id, username, colour, False, tuple(badges))
