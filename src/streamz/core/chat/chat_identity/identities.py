"""Computes how an account appears in a channel's chat, through a shared cache.

``ChatIdentities.of`` is what the message path calls for every message: a cache hit is one
cache round trip and no database query; a miss computes the identity from the account, its
roles in the channel, its chosen colour, its subscription and the channel's badge set, and
stores it for later reads.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from streamz.core.channels.badges.entities import THRESHOLDS, Badge
from streamz.core.channels.entities import Channel
from streamz.core.channels.roles import ChannelRole
from streamz.core.chat.chat_identity.cache import IDENTITY_TTL
from streamz.core.chat.chat_identity.entities import BadgeKind, ChatBadge, ChatIdentity
from streamz.core.identity.entities import Role
from streamz.ports.badges import BadgeRepository
from streamz.ports.chat_identity import ChatColourRepository, IdentityCache
from streamz.ports.clock import Clock
from streamz.ports.identity import AccountRepository
from streamz.ports.media import ObjectStore
from streamz.ports.subscriptions import SubscriptionReader
from streamz.ports.team import ChannelRoleRepository

PALETTE = (
    "#FF4500", "#1E90FF", "#2E8B57", "#DAA520", "#D2691E", "#9ACD32", "#FF69B4", "#8A2BE2",
    "#00FF7F", "#5F9EA0", "#B22222", "#FF7F50", "#008000", "#0000FF", "#CC00CC",
)  # fmt: skip

UNKNOWN = "unknown"  # the name shown for an account that no longer exists

_ROLE_BADGES = (
    (ChannelRole.MODERATOR, BadgeKind.MODERATOR),
    (ChannelRole.VIP, BadgeKind.VIP),
    (ChannelRole.OG, BadgeKind.OG),
)


def derived_colour(account_id: uuid.UUID) -> str:
    """A stable colour from the account id (the same in every channel)."""
    digest = hashlib.blake2b(account_id.bytes, digest_size=2).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]


def subscriber_badge(months: int, channel_badges: list[tuple[Badge, str]]) -> ChatBadge | None:
    """The subscriber badge for ``months`` subscribed, from the channel's badges (each with its
    image URL).

    - The channel's badge of the highest threshold ``months`` reaches, with its image.
    - When the channel has no badge ``months`` reaches (or none at all): the highest standard
      threshold reached (1, 2, 3, 6, 9, 12, ...), without an image.
    - Fewer months than the first threshold: no badge.
    """
    reached = [(b, url) for b, url in channel_badges if b.months <= months]
    if reached:
        badge, url = max(reached, key=lambda pair: pair[0].months)
        return ChatBadge(BadgeKind.SUBSCRIBER, badge.months, url)
    standard = [t for t in THRESHOLDS if t <= months]
    if not standard:
        return None
    return ChatBadge(BadgeKind.SUBSCRIBER, standard[-1], None)


@dataclass(frozen=True, slots=True)
class IdentitySources:
    """Where an identity comes from (one object, so its users stay small)."""

    accounts: AccountRepository
    roles: ChannelRoleRepository
    colours: ChatColourRepository
    subscriptions: SubscriptionReader
    badges: BadgeRepository
    store: ObjectStore
    clock: Clock


@dataclass(frozen=True, slots=True)
class Computed:
    identity: ChatIdentity
    ttl: int  # seconds it may be reused; 0: not at all


@dataclass(frozen=True, slots=True)
class ChatIdentities:
    """The identity of an account in a channel's chat.

    - Username; colour: the one the account chose for this channel, else derived from its id.
    - Badges in display order: staff (account role), owner, moderator, VIP, OG, subscriber
      (while a subscription is active; see ``subscriber_badge``).
    - Cached for 10 minutes, and never past the end of the subscription that gives the
      subscriber badge. Writers of the inputs drop entries after their commit: roles and
      subscriptions (that account in that channel), badges (the whole channel), the staff role
      (that account everywhere), colours (here: ``forget``).
    - An account that no longer exists shows as ``unknown`` and is not cached.
    """

    sources: IdentitySources
    cache: IdentityCache

    async def of(self, channel: Channel, account_id: uuid.UUID) -> ChatIdentity:
        lookup = await self.cache.get(channel.id, account_id)
        if lookup.identity is not None:
            return lookup.identity
        computed = await self.compute(channel, account_id)
        if lookup.stamp is not None and computed.ttl > 0:
            await self.cache.put(
                channel.id, account_id, computed.identity, lookup.stamp, computed.ttl
            )
        return computed.identity

    async def forget(self, channel_id: uuid.UUID, account_id: uuid.UUID) -> None:
        await self.cache.forget(channel_id, account_id)

    async def compute(self, channel: Channel, account_id: uuid.UUID) -> Computed:
        """The identity from its sources (no cache), and how long it may be reused."""
        s = self.sources
        account = await s.accounts.get(account_id)
        if account is None:
            unknown = ChatIdentity(account_id, UNKNOWN, derived_colour(account_id), False, ())
            return Computed(unknown, 0)
        membership = await s.roles.membership(channel, account_id)
        chosen = await s.colours.get(channel.id, account_id)
        badges: list[ChatBadge] = []
        if account.role is Role.STAFF:
            badges.append(ChatBadge(BadgeKind.STAFF))
        if membership.is_owner:
            badges.append(ChatBadge(BadgeKind.OWNER))
        badges.extend(ChatBadge(kind) for role, kind in _ROLE_BADGES if role in membership.roles)
        ttl = IDENTITY_TTL
        subscription = await s.subscriptions.active(channel.id, account_id)
        if subscription is not None:
            months = await s.subscriptions.months(channel.id, account_id)
            shown = [(b, s.store.url(b.image_key)) for b in await s.badges.for_channel(channel.id)]
            badge = subscriber_badge(months, shown)
            if badge is not None:
                badges.append(badge)
            left = (subscription.ends_at - s.clock.now()).total_seconds()
            ttl = max(0, min(ttl, int(left)))
        colour = chosen if chosen is not None else derived_colour(account_id)
        identity = ChatIdentity(
            account.id, account.username, colour, chosen is not None, tuple(badges)
        )
        return Computed(identity, ttl)
