"""Topics as clients and integrators write them, turned into the canonical topic names."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.get_channel import GetChannel, GetChannelRequest
from streamz.core.chat.find_chatroom import FindChatroom, FindChatroomRequest
from streamz.core.chat.get_chatroom import GetChatroom, GetChatroomRequest
from streamz.core.errors import Forbidden
from streamz.core.identity.entities import Principal
from streamz.core.realtime.events import CHANNEL, CHATROOM, USER, topic
from streamz.core.realtime.protocol import InvalidTopic
from streamz.core.shared.ids import parse_id


@dataclass(frozen=True, slots=True)
class ResolveTopicRequest:
    actor: Principal
    topic: str  # chatroom:<slug|channel id|chatroom id>, channel:<slug|id>, user, user:<id>


@dataclass(frozen=True, slots=True)
class Target:
    """A canonical topic and what it addresses."""

    topic: str  # chatroom:<chatroom id>, channel:<channel id>, user:<account id>
    kind: str  # chatroom, channel, user
    chatroom_id: uuid.UUID | None = None
    channel_id: uuid.UUID | None = None
    account_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ResolveTopic:
    """Turns a topic as written into its canonical name.

    - ``chatroom:<channel slug, channel id or chatroom id>``: ``chatroom:<chatroom id>``; anyone
      may (chatrooms are public). Unknown: ``channel-not-found`` / ``chatroom-not-found``.
    - ``channel:<channel slug or id>``: ``channel:<channel id>``; anyone.
    - ``user``: the caller's own ``user:<account id>``; signed-in only (``unauthenticated``).
      ``user:<account id>``: the caller's own, or anyone's for the system (else ``forbidden``).
    - Anything else: ``invalid-topic``.
    """

    chatrooms: GetChatroom
    by_id: FindChatroom
    channels: GetChannel

    async def __call__(self, request: ResolveTopicRequest) -> Target:
        actor = request.actor
        kind, _, ident = request.topic.strip().partition(":")
        kind, ident = kind.strip().lower(), ident.strip()
        if kind == USER:
            return self._user(actor, ident)
        if not ident:
            raise InvalidTopic.field("topic", "write chatroom:<channel>, channel:<channel> or user")
        if kind == CHATROOM:
            try:
                view = await self.chatrooms(GetChatroomRequest(actor, ident))
            except ChannelNotFound:
                chatroom_id = parse_id(ident)
                if chatroom_id is None:
                    raise
                view = await self.by_id(FindChatroomRequest(actor, chatroom_id))
            room = view.chatroom
            return Target(topic(CHATROOM, room.id), CHATROOM, room.id, view.channel.id)
        if kind == CHANNEL:
            channel = (await self.channels(GetChannelRequest(actor, ident))).channel
            return Target(topic(CHANNEL, channel.id), CHANNEL, channel_id=channel.id)
        raise InvalidTopic.field("topic", f"unknown topic kind {kind[:40]!r}")

    @staticmethod
    def _user(actor: Principal, ident: str) -> Target:
        if ident:
            wanted = parse_id(ident)
            if wanted is None:
                raise InvalidTopic.field("topic", "user:<account id>, or just user")
            if not actor.is_system and actor.require_account() != wanted:
                raise Forbidden("only your own user topic")
            return Target(topic(USER, wanted), USER, account_id=wanted)
        account_id = actor.require_account()
        return Target(topic(USER, account_id), USER, account_id=account_id)
