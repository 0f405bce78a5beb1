"""The checks a message passes before it is stored, in this order, each with its own error:

1. bans: banned (``chat-banned``) or timed out (``chat-timed-out``, with ``until``);
2. chat settings: followers-only with follow age (``chat-followers-only``), subscribers-only
   (``chat-subscribers-only``), emote-only (``chat-emote-only``), minimum account age
   (``chat-account-too-new``), verified email (``chat-email-not-verified``), slow mode per
   sender (``chat-slow-mode``, 429 with ``retry_after``), unique chat (``chat-duplicate-message``);
3. blocked terms (``chat-blocked-term``); 4. links (``chat-links-not-allowed``);
5. the sliding-window rate limit (``chat-rate-limited``, 429 with ``retry_after``).

Who is exempt: the owner, moderators and staff skip every chat setting and blocked terms and
links (their rate limit is the room's moderator limit); VIPs skip followers-only,
subscribers-only, slow mode and links (as on Twitch). Bans and the rate limit apply to all.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from streamz.core.channels.roles import ChannelRole, Membership
from streamz.core.chat.bans.entities import Ban, BanKind
from streamz.core.chat.blocked_terms.normalise import fold
from streamz.core.chat.entities import ChatSettings
from streamz.core.chat.messages.errors import (
    AccountTooNew,
    ChatBanned,
    ChatRateLimited,
    ChatTimedOut,
    DuplicateMessage,
    EmailNotVerified,
    EmoteOnly,
    FollowersOnly,
    SlowMode,
    SubscribersOnly,
)
from streamz.core.identity.entities import Account, Role
from streamz.core.social.entities import Follow
from streamz.ports.chat_throttle import Decision, Throttle, Verdict

UNIQUE_SECONDS = 30


@dataclass(frozen=True, slots=True)
class Sender:
    account: Account
    membership: Membership
    system: bool = False  # sent through the Internal tier on the account's behalf

    @property
    def privileged(self) -> bool:
        """Owner, moderator or staff: exempt from chat modes, terms and links."""
        m = self.membership
        return self.system or m.is_owner or m.is_moderator or self.account.role is Role.STAFF

    @property
    def vip(self) -> bool:
        return ChannelRole.VIP in self.membership.roles


def check_ban(ban: Ban | None) -> None:
    if ban is None:
        return
    if ban.kind is BanKind.BAN or ban.expires_at is None:
        raise ChatBanned("you are banned from this chatroom")
    raise ChatTimedOut(
        f"you are timed out in this chatroom until {ban.expires_at.isoformat()}",
        until=ban.expires_at,
    )


def check_followers(
    settings: ChatSettings, sender: Sender, follow: Follow | None, now: datetime
) -> None:
    minutes = settings.followers_only
    if minutes is None or sender.privileged or sender.vip:
        return
    if follow is None:
        raise FollowersOnly("follow the channel to chat here")
    if follow.followed_at > now - timedelta(minutes=minutes):
        raise FollowersOnly(f"you must have followed the channel for {minutes} minutes to chat")


def check_subscribers(settings: ChatSettings, sender: Sender, subscribed: bool) -> None:
    if settings.subscribers_only and not (sender.privileged or sender.vip or subscribed):
        raise SubscribersOnly("subscribe to the channel to chat here")


def check_emote_only(settings: ChatSettings, sender: Sender, only_emotes: bool) -> None:
    if settings.emote_only and not sender.privileged and not only_emotes:
        raise EmoteOnly("only emotes may be sent in this chatroom")


def check_account(settings: ChatSettings, sender: Sender, now: datetime) -> None:
    if sender.privileged:
        return
    minutes = settings.min_account_age_minutes
    if minutes and sender.account.created_at > now - timedelta(minutes=minutes):
        raise AccountTooNew(f"accounts younger than {minutes} minutes cannot chat here")
    if settings.verified_email_required and sender.account.email_verified_at is None:
        raise EmailNotVerified("verify your email to chat here")


def _edge(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def unique_key(content: str) -> str:
    """The same text whatever its case, its runs of spaces, its invisible format characters
    (zero-width spaces and joiners, word joiner, byte order mark), punctuation and spaces at
    either end, accents and look-alike letters (the skeleton ``fold``). Punctuation inside the
    text counts; a text of nothing but punctuation is compared as it is."""
    words = " ".join(fold(content).split())
    start, end = 0, len(words)
    while start < end and _edge(words[start]):
        start += 1
    while end > start and _edge(words[end - 1]):
        end -= 1
    normal = words[start:end] or words
    return hashlib.blake2b(normal.encode(), digest_size=16).hexdigest()


def throttle(settings: ChatSettings, sender: Sender, content: str) -> Throttle:
    exempt = sender.privileged
    slow = 0 if exempt or sender.vip else settings.slow_mode_seconds
    unique = settings.unique_chat  # everyone's messages count; the exempt are not checked
    limit = (
        settings.moderator_rate_limit_messages
        if sender.privileged or sender.membership.is_owner
        else settings.rate_limit_messages
    )
    return Throttle(
        slow_seconds=slow,
        unique_key=unique_key(content) if unique else None,
        unique_seconds=UNIQUE_SECONDS if unique else 0,
        unique_check=unique and not exempt,
        limit=limit,
        window_seconds=settings.rate_limit_window_seconds,
    )


def check_decision(decision: Decision, throttle: Throttle) -> None:
    seconds = max(1, math.ceil(decision.retry_after_ms / 1000))
    if decision.verdict is Verdict.SLOW:
        raise SlowMode(
            f"slow mode: one message every {throttle.slow_seconds} seconds", retry_after=seconds
        )
    if decision.verdict is Verdict.DUPLICATE:
        raise DuplicateMessage("this message was sent here less than 30 seconds ago")
    if decision.verdict is Verdict.RATE:
        raise ChatRateLimited(
            f"at most {throttle.limit} messages every {throttle.window_seconds} seconds",
            retry_after=seconds,
        )
