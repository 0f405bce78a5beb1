from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from streamz.core.chat.blocked_terms.matcher_for import MatcherFor
from streamz.core.chat.chat_identity.identities import ChatIdentities
from streamz.core.chat.messages import enforce
from streamz.core.chat.messages.entities import Message
from streamz.core.chat.messages.errors import (
    BlockedTerm,
    LinksNotAllowed,
    ReplyAcrossRooms,
    ReplyTargetNotFound,
)
from streamz.core.chat.messages.events import sent
from streamz.core.chat.messages.parse import (
    MAX_LENGTH,
    clean_text,
    fragments,
    has_control,
    has_link,
    mentioned_names,
)
from streamz.core.chat.messages.services import MessageServices, Room
from streamz.core.errors import Forbidden, Invalid
from streamz.core.idempotency.errors import IdempotencyKeyReused
from streamz.core.idempotency.keys import KEEP
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Scope
from streamz.core.identity.errors import AccountNotFound
from streamz.core.shared.ids import new_id, parse_id
from streamz.ports.chat_throttle import ChatThrottle, Verdict
from streamz.ports.emotes import EmoteRepository


@dataclass(frozen=True, slots=True)
class SendMessageRequest:
    actor: Principal
    channel: str  # channel id or slug
    content: str
    reply_to: uuid.UUID | None = None
    author: str | None = None  # Internal tier only: the sending account (username or id)
    # the caller's idempotency key, as scoped by the entrypoint (``Operation.record_id``)
    idempotency_key: str | None = None


def check_content(content: str) -> str:
    text = clean_text(content)
    if not text:
        raise Invalid.field("body.content", "a message cannot be empty")
    if len(text) > MAX_LENGTH:
        raise Invalid.field("body.content", f"a message has at most {MAX_LENGTH} characters")
    if has_control(text) or "\x00" in text:
        raise Invalid.field("body.content", "a message cannot contain control characters")
    return text


def _same_send(earlier: Message, room: Room, content: str, reply_to: uuid.UUID | None) -> Message:
    if (earlier.chatroom_id, earlier.content, earlier.reply_to) != (
        room.chatroom.id,
        content,
        reply_to,
    ):
        raise IdempotencyKeyReused(
            "this idempotency key was used for another message; use a new key",
            field="idempotency_key",
        )
    return earlier


@dataclass(frozen=True, slots=True)
class SendMessage:
    """Sends a message to a channel's chatroom.

    - Who: a signed-in account (Private), an API token with ``chat:write`` (Public), the system
      on behalf of ``author`` (Internal). Anonymous: ``unauthenticated``; staff on the Admin
      API do not chat there (``forbidden``).
    - Input: 1-500 characters once trimmed (newlines become spaces), no control characters;
      ``reply_to``: a message of the same chatroom (``reply-target-not-found`` for unknown or
      deleted, ``reply-across-rooms``); the reply joins the thread of the message it answers.
    - Then the checks of ``enforce`` in their order, each with its own problem type.
    - Emote codes of the channel become emote fragments (subscriber-only emotes only for its
      subscribers, the owner and moderators); ``@username`` of existing accounts become
      mentions (at most 10); links become link fragments.
    - Stored with the room's next ``seq`` (gap-free) and the author's chat identity; under the
      non-moderator chat delay, others see it only from ``visible_at``. Emits
      ``chat.message_sent``. Nothing is stored or counted for a refused message, except that a
      message refused by the rate limit itself is not counted either.
    - With an ``idempotency_key``: the key is recorded with the message, in its transaction,
      for 24 hours. A send with a key the author already sent with returns that message
      (nothing checked, stored, counted or emitted again), or ``idempotency-key-reused`` when
      it is not the same send (another chatroom, content or ``reply_to``); a concurrent send
      with the key is ``idempotency-key-in-progress``.
    """

    services: MessageServices
    emotes: EmoteRepository
    matcher_for: MatcherFor
    identities: ChatIdentities
    throttle: ChatThrottle

    async def __call__(self, request: SendMessageRequest) -> Message:
        s = self.services
        content = check_content(request.content)
        room, config = await s.room_with_config(request.channel)
        account = await self._author(request)
        if request.idempotency_key is not None:
            earlier = await s.messages.sent_with_key(
                account.id, request.idempotency_key, s.changes.clock.now() - KEEP
            )
            if earlier is not None:
                return _same_send(earlier, room, content, request.reply_to)
        thread_id = await self._thread(room, request.reply_to)
        membership = await s.changes.roles.membership(room.channel, account.id)
        sender = enforce.Sender(account, membership, system=request.actor.is_system)
        settings = config.settings
        now = s.changes.clock.now()

        # the ban, the follow and the subscription in one read; the follow and the subscription
        # only count where they did when read one by one (the checks skip them otherwise)
        facts = await s.messages.sender_facts(room.channel.id, account.id, now)
        enforce.check_ban(facts.ban)
        enforce.check_followers(settings, sender, facts.follow, now)
        emotes = await self.emotes.for_channel(room.channel.id)
        subscribed = facts.subscription is not None
        enforce.check_subscribers(settings, sender, subscribed)
        usable = {
            e.code: e.id
            for e in emotes
            if not e.subscriber_only or subscribed or sender.privileged or membership.is_owner
        }
        names = mentioned_names(content)
        mentions = await s.accounts.ids_by_usernames(names) if names else {}
        parsed = fragments(content, usable, mentions)
        enforce.check_emote_only(settings, sender, parsed.emote_only)
        enforce.check_account(settings, sender, now)
        throttle = enforce.throttle(settings, sender, content)
        if throttle.slow_seconds or throttle.unique_check:
            peeked = await self.throttle.peek(room.chatroom.id, account.id, throttle)
            enforce.check_decision(peeked, throttle)
        if not sender.privileged:
            if (await self.matcher_for(room.channel.id)).match(content) is not None:
                raise BlockedTerm("the message contains a term blocked in this chatroom")
            if not settings.links_allowed and not sender.vip and has_link(content):
                raise LinksNotAllowed("links are not allowed in this chatroom")
        decision = await self.throttle.admit(room.chatroom.id, account.id, throttle)
        if decision.verdict is not Verdict.ADMITTED:
            enforce.check_decision(decision, throttle)

        delay = 0 if sender.privileged else settings.non_moderator_delay_seconds
        message = Message(
            id=new_id(),
            chatroom_id=room.chatroom.id,
            channel_id=room.channel.id,
            seq=0,
            author_id=account.id,
            content=content,
            fragments=parsed.fragments,
            mentions=tuple(dict.fromkeys(m for m in mentions.values() if m != account.id)),
            reply_to=request.reply_to,
            thread_id=thread_id,
            author=await self.identities.of(room.channel, account.id),
            created_at=now,
            visible_at=now + timedelta(seconds=delay),
        )
        if request.idempotency_key is not None:
            await s.messages.remember_key(
                account.id, request.idempotency_key, message.id, now, now - KEEP
            )
        stored = await s.messages.append(message)
        s.changes.uow.record(sent(stored))
        await s.changes.uow.commit()
        return stored

    async def _author(self, request: SendMessageRequest) -> Account:
        actor = request.actor
        if actor.is_system:
            if request.author is None:
                raise Invalid.field("author", "the system sends on behalf of an account")
            account_id = parse_id(request.author)
            account = (
                await self.services.accounts.get(account_id)
                if account_id is not None
                else await self.services.accounts.by_username(request.author.strip().lower())
            )
            if account is None:
                raise AccountNotFound(f"no account {request.author!r}")
            return account
        if actor.kind is PrincipalKind.STAFF:
            raise Forbidden("staff do not chat through the Admin API")
        account_id = actor.require_account()
        if actor.kind is PrincipalKind.TOKEN:
            actor.require_scope(Scope.CHAT_WRITE)
        account = await self.services.accounts.get(account_id)
        if account is None:
            raise AccountNotFound("the account no longer exists")
        return account

    async def _thread(self, room: Room, reply_to: uuid.UUID | None) -> uuid.UUID | None:
        if reply_to is None:
            return None
        parent = await self.services.messages.get(reply_to)
        if parent is None or parent.deleted:
            raise ReplyTargetNotFound(f"no message {reply_to} to reply to")
        if parent.chatroom_id != room.chatroom.id:
            raise ReplyAcrossRooms.field("body.reply_to", "the message is in another chatroom")
        return parent.thread_id or parent.id
