"""Chat messages: text cut into fragments (text, emotes, mentions, links), a per-room ``seq``,
optional reply threads, soft deletion; and the one pinned message of a room."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from streamz.core.chat.chat_identity.entities import ChatIdentity


class FragmentKind(enum.StrEnum):
    TEXT = "text"
    EMOTE = "emote"
    MENTION = "mention"
    LINK = "link"


@dataclass(frozen=True, slots=True)
class Fragment:
    kind: FragmentKind
    text: str
    emote_id: uuid.UUID | None = None  # emotes
    account_id: uuid.UUID | None = None  # mentions of an existing account


@dataclass(frozen=True, slots=True)
class Message:
    id: uuid.UUID
    chatroom_id: uuid.UUID
    channel_id: uuid.UUID
    seq: int  # 1, 2, 3... per chatroom, no gaps (0 until stored)
    author_id: uuid.UUID
    content: str
    fragments: tuple[Fragment, ...]
    mentions: tuple[uuid.UUID, ...]
    reply_to: uuid.UUID | None  # the message answered
    thread_id: uuid.UUID | None  # the first message of the thread (None: not a reply)
    author: ChatIdentity  # how the author appeared when sending
    created_at: datetime
    visible_at: datetime  # later than created_at under the non-moderator chat delay
    deleted_at: datetime | None = None
    deleted_by: uuid.UUID | None = None  # None with deleted_at set: the system

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True, slots=True)
class Pin:
    chatroom_id: uuid.UUID
    message_id: uuid.UUID
    pinned_by: uuid.UUID | None  # None: the system
    pinned_at: datetime
    expires_at: datetime | None

    def active_at(self, now: datetime) -> bool:
        return self.expires_at is None or self.expires_at > now


@dataclass(frozen=True, slots=True)
class PinnedMessage:
    pin: Pin
    message: Message


@dataclass(frozen=True, slots=True)
class MessagePage:
    """Messages oldest first. ``before``: cursor of older messages, ``after``: of newer ones;
    each is None when there are none (at the time of the read)."""

    data: list[Message]
    before: str | None
    after: str | None
