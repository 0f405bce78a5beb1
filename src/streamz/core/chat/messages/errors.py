"""Errors of chat messages; each ``code`` is the stable end of the problem ``type``.

Send refusals come in the order the checks run (see ``enforce``); each has its own code.
"""

from __future__ import annotations

from datetime import datetime

from streamz.core.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited


class MessageNotFound(NotFound):
    code = "message-not-found"
    title = "Message not found"


class ReplyTargetNotFound(NotFound):
    code = "reply-target-not-found"
    title = "The message replied to does not exist"


class ReplyAcrossRooms(Invalid):
    code = "reply-across-rooms"
    title = "A reply must be in the chatroom of the message it answers"


class ChatBanned(Forbidden):
    code = "chat-banned"
    title = "You are banned from this chatroom"


class ChatTimedOut(Forbidden):
    code = "chat-timed-out"
    title = "You are timed out in this chatroom"

    def __init__(self, detail: str, *, until: datetime) -> None:
        super().__init__(detail, extra={"until": until.isoformat()})
        self.until = until


class FollowersOnly(Forbidden):
    code = "chat-followers-only"
    title = "This chatroom is in followers-only mode"


class SubscribersOnly(Forbidden):
    code = "chat-subscribers-only"
    title = "This chatroom is in subscribers-only mode"


class EmoteOnly(Forbidden):
    code = "chat-emote-only"
    title = "This chatroom is in emote-only mode"


class AccountTooNew(Forbidden):
    code = "chat-account-too-new"
    title = "Your account is too new to chat here"


class EmailNotVerified(Forbidden):
    code = "chat-email-not-verified"
    title = "This chatroom needs a verified email"


class SlowMode(RateLimited):
    code = "chat-slow-mode"
    title = "This chatroom is in slow mode"


class DuplicateMessage(Conflict):
    code = "chat-duplicate-message"
    title = "The same message was sent here less than 30 seconds ago"


class BlockedTerm(Forbidden):
    code = "chat-blocked-term"
    title = "The message contains a blocked term"


class LinksNotAllowed(Forbidden):
    code = "chat-links-not-allowed"
    title = "Links are not allowed in this chatroom"


class ChatRateLimited(RateLimited):
    code = "chat-rate-limited"
    title = "Too many messages"


class MessageNotDeletable(Forbidden):
    code = "message-not-deletable"
    title = "This message can no longer be deleted by its author"


class PinNotFound(NotFound):
    code = "pin-not-found"
    title = "No message is pinned"
