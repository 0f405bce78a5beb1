"""Chat messages and pins (Public with ``chat:write`` / ``moderation:write`` tokens, Private;
none on the Admin API, as the seed says)."""

from __future__ import annotations

import uuid

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from streamz.adapters.prometheus.metrics import chat_accepted, chat_refused
from streamz.core.chat.messages.delete_message import DeleteMessage, DeleteMessageRequest
from streamz.core.chat.messages.get_pin import GetPin, GetPinRequest
from streamz.core.chat.messages.list_messages import ListMessages, ListMessagesRequest
from streamz.core.chat.messages.list_thread import ListThread, ListThreadRequest
from streamz.core.chat.messages.list_user_messages import (
    ListUserMessages,
    ListUserMessagesRequest,
)
from streamz.core.chat.messages.pin_message import PinMessage, PinMessageRequest
from streamz.core.chat.messages.purge_messages import PurgeMessages, PurgeMessagesRequest
from streamz.core.chat.messages.send_message import SendMessage, SendMessageRequest
from streamz.core.chat.messages.unpin_message import UnpinMessage, UnpinMessageRequest
from streamz.core.errors import StreamzError
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.messages.views import (
    Cursor,
    Limit,
    MessageOut,
    MessagePageOut,
    PinIn,
    PinnedOut,
    PinOut,
    PurgedOut,
    Reason,
    SendMessageIn,
    User,
)
from streamz.entrypoints.http.openapi import BODY_EXAMPLE
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses

ROOM = "/channels/{identifier:str}/chatroom"


class MessagesController(Controller):
    path = "/"
    tags = ["chat messages"]

    @idempotent
    @post(
        f"{ROOM}/messages",
        summary="Send a chat message (all chat rules apply; see the problem types)",
        responses=problem_responses(*WRITE_ERRORS),
        opt={BODY_EXAMPLE: {"content": "hello chat Kappa @bob", "reply_to": None}},
    )
    @inject
    async def send_chat_message(
        self,
        identifier: Identifier,
        data: JSONBody[SendMessageIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],
        use_case: FromDishka[SendMessage],
    ) -> MessageOut:
        """Sends a message to the channel's chatroom and returns it with its per-room `seq`.
        Public API: an API token with `chat:write`; Private API: the signed-in user. Every chat
        rule applies, each refusal with its own problem type: 403 `chat-banned`,
        `chat-timed-out`, `chat-followers-only`, `chat-blocked-term`, `chat-links-not-allowed`
        and the other modes; 409 `chat-duplicate-message`; 429 `chat-slow-mode` and
        `chat-rate-limited` with `Retry-After`. A retry with the same `Idempotency-Key` gets the
        first message back.
        """
        request = SendMessageRequest(
            principal, identifier, data.content, data.reply_to, idempotency_key=idempotency.key
        )
        try:
            message = await use_case(request)
        except StreamzError as error:
            chat_refused("http", error.code)  # streamz_chat_messages_refused_total
            raise
        if not idempotency.recovering:  # a retry answering the committed send: counted once
            chat_accepted("http")
        return MessageOut.of(message)

    @get(
        f"{ROOM}/messages",
        summary="Fetch a chatroom's messages (latest first page; cursors both ways)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_chat_messages(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListMessages],
        limit: Limit = 50,
        before: Cursor = None,
        after: Cursor = None,
    ) -> MessagePageOut:
        """Reads a page of the chatroom's messages, oldest first within the page: the latest page
        without a cursor, then `before`/`after` from the page. Anyone may read; messages held by
        the non-moderator delay are hidden from viewers until visible. 404 if the channel does
        not exist.
        """
        request = ListMessagesRequest(principal, identifier, None, limit, before, after)
        return MessagePageOut.of(await use_case(request))

    @get(
        f"{ROOM}/users/{{user:str}}/messages",
        summary="Fetch one user's messages in a chatroom",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_user_chat_messages(
        self,
        identifier: Identifier,
        user: User,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListMessages],
        limit: Limit = 50,
        before: Cursor = None,
        after: Cursor = None,
    ) -> MessagePageOut:
        """Reads one user's messages in the chatroom, with the same cursors as the chatroom's
        messages. Anyone may read. 404 if the channel or the user does not exist.
        """
        request = ListMessagesRequest(principal, identifier, user, limit, before, after)
        return MessagePageOut.of(await use_case(request))

    @delete(
        f"{ROOM}/users/{{user:str}}/messages",
        summary="Purge one user's messages in a chatroom (moderators)",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def purge_user_messages(
        self,
        identifier: Identifier,
        user: User,
        principal: NamedDependency[Principal],
        use_case: FromDishka[PurgeMessages],
        reason: Reason = None,
    ) -> PurgedOut:
        """Deletes (tombstones) every message of one user in the chatroom and returns how many. The
        channel's owner, a moderator with `delete_messages`, staff, or an API token with
        `moderation:write`; the reason goes to the moderation log. 403 for anyone else.
        """
        return PurgedOut.of(
            await use_case(PurgeMessagesRequest(principal, identifier, user, reason))
        )

    @get(
        f"{ROOM}/messages/{{message_id:uuid}}/thread",
        summary="Fetch the messages of a thread (its first message and the replies)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_thread_messages(
        self,
        identifier: Identifier,
        message_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListThread],
        limit: Limit = 50,
        before: Cursor = None,
        after: Cursor = None,
    ) -> MessagePageOut:
        """Reads a thread: its first message and the replies, oldest first, with cursors. Anyone
        may read. 404 if the message is not in this chatroom.
        """
        request = ListThreadRequest(principal, identifier, message_id, limit, before, after)
        return MessagePageOut.of(await use_case(request))

    @delete(
        f"{ROOM}/messages/{{message_id:uuid}}",
        summary="Delete a chat message (its author for 10 minutes, moderators, staff)",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def delete_chat_message(
        self,
        identifier: Identifier,
        message_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeleteMessage],
    ) -> MessageOut:
        """Deletes one message; it stays as a tombstone (`deleted`: true) so `seq` has no gap. Its
        author within 10 minutes, a moderator with `delete_messages`, the owner, staff, or an
        API token with `moderation:write`. 403 for anyone else, 404 if it is not in this
        chatroom.
        """
        request = DeleteMessageRequest(principal, identifier, message_id)
        return MessageOut.of(await use_case(request))

    @get(
        "/users/{user:str}/messages",
        summary="Fetch one user's messages in every chatroom",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_user_messages(
        self,
        user: User,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListUserMessages],
        limit: Limit = 50,
        before: Cursor = None,
        after: Cursor = None,
    ) -> MessagePageOut:
        """Reads one user's messages across every chatroom, in time order, with cursors. Anyone may
        read. 404 if the user does not exist.
        """
        request = ListUserMessagesRequest(principal, user, limit, before, after)
        return MessagePageOut.of(await use_case(request))

    @get(
        f"{ROOM}/pin",
        summary="Fetch the chatroom's pinned message",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_pinned_message(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetPin],
    ) -> PinnedOut:
        """Returns the chatroom's pinned message, if any (`pinned` null otherwise). Anyone may
        read. 404 if the channel does not exist.
        """
        return PinnedOut.of(await use_case(GetPinRequest(principal, identifier)))

    @put(
        f"{ROOM}/pin",
        summary="Pin a message (replaces the pinned one; optional duration)",
        responses=problem_responses(*WRITE_ERRORS),
        opt={
            BODY_EXAMPLE: {
                "message_id": "0b7f3c1e-5d2a-4f8e-9c6b-1a2d3e4f5a6b",
                "duration_seconds": 600,
            }
        },
    )
    @inject
    async def pin_message(
        self,
        identifier: Identifier,
        data: JSONBody[PinIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[PinMessage],
    ) -> PinnedOut:
        """Pins a message of this chatroom, replacing the pinned one, optionally for
        `duration_seconds`. The owner, a moderator with `delete_messages`, staff, or an API
        token with `moderation:write`. 404 if the message is not in this chatroom.
        """
        request = PinMessageRequest(principal, identifier, data.message_id, data.duration_seconds)
        return PinnedOut.of(await use_case(request))

    @delete(
        f"{ROOM}/pin",
        summary="Unpin the pinned message",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def unpin_message(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[UnpinMessage],
    ) -> PinOut:
        """Removes the chatroom's pinned message. Same callers as pinning. 404 if the channel does
        not exist.
        """
        return PinOut.of(await use_case(UnpinMessageRequest(principal, identifier)))
