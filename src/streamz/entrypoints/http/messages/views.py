"""What the HTTP API takes and shows of chat messages and pins."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar.params import PathParameter, QueryParameter

from streamz.core.chat.chat_identity.entities import ChatIdentity
from streamz.core.chat.messages.entities import Message, MessagePage, Pin, PinnedMessage
from streamz.core.chat.messages.purge_messages import Purged

User = Annotated[
    str, PathParameter(description="username or account id", min_length=1, max_length=64)
]
Limit = Annotated[int, QueryParameter(ge=1, le=100, description="page size (default 50)")]
Cursor = Annotated[
    str | None, QueryParameter(max_length=512, description="cursor from a page's before/after")
]
Reason = Annotated[
    str | None, QueryParameter(max_length=500, description="kept in the moderation log")
]
Content = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=2_000,
        description="1-500 characters once trimmed; emote codes, @mentions and links are parsed",
        examples=["hello chat Kappa @friend"],
    ),
]


class SendMessageIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    content: Content
    reply_to: uuid.UUID | None = None  # a message of the same chatroom: starts/joins its thread


class PinIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    message_id: uuid.UUID
    duration_seconds: Annotated[int, msgspec.Meta(ge=1, le=86_400)] | None = None


class AuthorBadgeOut(msgspec.Struct, frozen=True):
    kind: str  # staff, owner, moderator, vip, og, subscriber
    months: int | None
    image_url: str | None


class AuthorOut(msgspec.Struct, frozen=True):
    account_id: uuid.UUID
    username: str
    colour: str
    badges: list[AuthorBadgeOut]

    @classmethod
    def of(cls, i: ChatIdentity) -> AuthorOut:
        badges = [AuthorBadgeOut(b.kind.value, b.months, b.image_url) for b in i.badges]
        return cls(i.account_id, i.username, i.colour, badges)


class FragmentOut(msgspec.Struct, frozen=True, omit_defaults=True):
    kind: str  # text, emote, mention, link
    text: str
    emote_id: uuid.UUID | None = None
    account_id: uuid.UUID | None = None


class MessageOut(msgspec.Struct, frozen=True):
    """A message; a deleted one is a tombstone: ``deleted`` true, no content or fragments.
    ``deleted_by`` is null for readers off the chatroom's team unless the author deleted it."""

    id: uuid.UUID
    chatroom_id: uuid.UUID
    channel_id: uuid.UUID
    seq: int
    author: AuthorOut
    content: str | None
    fragments: list[FragmentOut]
    mentions: list[uuid.UUID]
    reply_to: uuid.UUID | None
    thread_id: uuid.UUID | None
    created_at: datetime
    deleted: bool
    deleted_at: datetime | None
    deleted_by: uuid.UUID | None

    @classmethod
    def of(cls, m: Message) -> MessageOut:
        gone = m.deleted
        fragments = [
            FragmentOut(f.kind.value, f.text, f.emote_id, f.account_id) for f in m.fragments
        ]
        return cls(
            m.id,
            m.chatroom_id,
            m.channel_id,
            m.seq,
            AuthorOut.of(m.author),
            None if gone else m.content,
            [] if gone else fragments,
            [] if gone else list(m.mentions),
            m.reply_to,
            m.thread_id,
            m.created_at,
            gone,
            m.deleted_at,
            m.deleted_by,
        )


class MessagePageOut(msgspec.Struct, frozen=True):
    data: list[MessageOut]  # oldest first
    before: str | None  # cursor of the older page, if any
    after: str | None  # cursor of the newer page, if any

    @classmethod
    def of(cls, p: MessagePage) -> MessagePageOut:
        return cls([MessageOut.of(m) for m in p.data], p.before, p.after)


class PinOut(msgspec.Struct, frozen=True):
    chatroom_id: uuid.UUID
    message_id: uuid.UUID
    pinned_by: uuid.UUID | None
    pinned_at: datetime
    expires_at: datetime | None

    @classmethod
    def of(cls, p: Pin) -> PinOut:
        return cls(p.chatroom_id, p.message_id, p.pinned_by, p.pinned_at, p.expires_at)


class PinnedOut(msgspec.Struct, frozen=True):
    pin: PinOut
    message: MessageOut

    @classmethod
    def of(cls, p: PinnedMessage) -> PinnedOut:
        return cls(PinOut.of(p.pin), MessageOut.of(p.message))


class PurgedOut(msgspec.Struct, frozen=True):
    account_id: uuid.UUID
    deleted: int

    @classmethod
    def of(cls, p: Purged) -> PurgedOut:
        return cls(uuid.UUID(p.account_id), p.deleted)
