"""Chatrooms: every channel has exactly one, with its settings and rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from streamz.core.channels.entities import Channel


@dataclass(frozen=True, slots=True)
class Chatroom:
    id: uuid.UUID
    channel_id: uuid.UUID
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """How a chatroom behaves; these defaults hold until someone changes them."""

    slow_mode_seconds: int = 0  # 0 = off
    followers_only: int | None = None  # None = off; else minimum follow age in minutes
    subscribers_only: bool = False
    emote_only: bool = False
    unique_chat: bool = False  # no repeated message within 30 s
    min_account_age_minutes: int = 0
    verified_email_required: bool = False
    non_moderator_delay_seconds: int = 0
    links_allowed: bool = True
    rate_limit_messages: int = 20  # per sender in any window of rate_limit_window_seconds
    moderator_rate_limit_messages: int = 100  # the owner's, moderators' and staff's
    rate_limit_window_seconds: int = 30


@dataclass(frozen=True, slots=True)
class ChatroomConfig:
    """What is stored for a chatroom: its settings and its ordered rules."""

    chatroom_id: uuid.UUID
    settings: ChatSettings = field(default_factory=ChatSettings)
    rules: tuple[str, ...] = ()
    updated_at: datetime | None = None  # None: never written


@dataclass(frozen=True, slots=True)
class ChatroomView:
    """A chatroom with its channel, settings and rules (what every chat read returns)."""

    chatroom: Chatroom
    channel: Channel
    config: ChatroomConfig

    @property
    def settings(self) -> ChatSettings:
        return self.config.settings

    @property
    def rules(self) -> tuple[str, ...]:
        return self.config.rules


@dataclass(frozen=True, slots=True)
class RoomEvent:
    """A durable event of a chatroom under its seq (messages are ``chat.message_sent``)."""

    seq: int
    topic: str
    payload: dict[str, Any]  # includes chatroom_id and seq
    at: datetime
