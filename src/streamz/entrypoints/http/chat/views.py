"""What the HTTP API takes and shows of chatrooms, their settings and rules."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec

from streamz.core.chat.entities import ChatroomView, ChatSettings
from streamz.core.chat.limits import MAX_RULES
from streamz.entrypoints.http.requests import decode_body

Unset = msgspec.UnsetType
UNSET = msgspec.UNSET


SlowMode = Annotated[
    int, msgspec.Meta(ge=0, le=3600, description="seconds between messages of one chatter; 0 = off")
]
FollowersOnly = Annotated[
    int, msgspec.Meta(ge=0, le=129_600, description="minimum follow age in minutes; 0 = any")
]
AccountAge = Annotated[
    int, msgspec.Meta(ge=0, le=525_600, description="minimum account age in minutes")
]
Delay = Annotated[int, msgspec.Meta(ge=0, le=10, description="seconds before others see it")]
Messages = Annotated[int, msgspec.Meta(ge=1, le=1000, description="messages per window")]
Window = Annotated[int, msgspec.Meta(ge=1, le=3600, description="rate-limit window, seconds")]
Rule = Annotated[str, msgspec.Meta(max_length=2_000, description="1-500 characters once trimmed")]
Rules = Annotated[
    list[Rule], msgspec.Meta(max_length=MAX_RULES, description="in display order; at most 20")
]


class ChatSettingsOut(msgspec.Struct, frozen=True):
    slow_mode_seconds: int
    followers_only: int | None
    subscribers_only: bool
    emote_only: bool
    unique_chat: bool
    min_account_age_minutes: int
    verified_email_required: bool
    non_moderator_delay_seconds: int
    links_allowed: bool
    rate_limit_messages: int
    moderator_rate_limit_messages: int
    rate_limit_window_seconds: int

    @classmethod
    def of(cls, s: ChatSettings) -> ChatSettingsOut:
        return cls(
            s.slow_mode_seconds,
            s.followers_only,
            s.subscribers_only,
            s.emote_only,
            s.unique_chat,
            s.min_account_age_minutes,
            s.verified_email_required,
            s.non_moderator_delay_seconds,
            s.links_allowed,
            s.rate_limit_messages,
            s.moderator_rate_limit_messages,
            s.rate_limit_window_seconds,
        )


class ChatroomOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    channel_id: uuid.UUID
    channel_slug: str
    created_at: datetime
    settings: ChatSettingsOut
    rules: list[str]
    updated_at: datetime | None  # of the settings and rules; null while never changed

    @classmethod
    def of(cls, v: ChatroomView) -> ChatroomOut:
        return cls(
            v.chatroom.id,
            v.channel.id,
            v.channel.slug,
            v.chatroom.created_at,
            ChatSettingsOut.of(v.settings),
            list(v.rules),
            v.config.updated_at,
        )


class ChatroomSettingsOut(msgspec.Struct, frozen=True):
    chatroom_id: uuid.UUID
    channel_id: uuid.UUID
    settings: ChatSettingsOut
    updated_at: datetime | None

    @classmethod
    def of(cls, v: ChatroomView) -> ChatroomSettingsOut:
        return cls(v.chatroom.id, v.channel.id, ChatSettingsOut.of(v.settings), v.config.updated_at)


class ChatroomRulesOut(msgspec.Struct, frozen=True):
    chatroom_id: uuid.UUID
    channel_id: uuid.UUID
    rules: list[str]
    updated_at: datetime | None

    @classmethod
    def of(cls, v: ChatroomView) -> ChatroomRulesOut:
        return cls(v.chatroom.id, v.channel.id, list(v.rules), v.config.updated_at)


class UpdateChatSettingsIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Only the settings sent change; ``followers_only: null`` turns followers-only mode off."""

    slow_mode_seconds: SlowMode | Unset = UNSET
    followers_only: FollowersOnly | Unset | None = UNSET
    subscribers_only: bool | Unset = UNSET
    emote_only: bool | Unset = UNSET
    unique_chat: bool | Unset = UNSET
    min_account_age_minutes: AccountAge | Unset = UNSET
    verified_email_required: bool | Unset = UNSET
    non_moderator_delay_seconds: Delay | Unset = UNSET
    links_allowed: bool | Unset = UNSET
    rate_limit_messages: Messages | Unset = UNSET
    moderator_rate_limit_messages: Messages | Unset = UNSET
    rate_limit_window_seconds: Window | Unset = UNSET


def sent_body(raw: bytes) -> dict[str, Any]:
    """The body as sent, for the use case to check strictly: the struct above documents it and
    checks its shape, but converts leniently (``1`` would pass as ``true``)."""
    body: dict[str, Any] = decode_body(raw)
    return body


class ChatRulesIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    rules: Rules
