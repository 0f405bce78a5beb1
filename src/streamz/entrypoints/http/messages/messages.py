"""Chat messages and pins (Public with ``chat:write`` / ``moderation:write`` tokens, Private;
none on the Admin API, as the seed says)."""

from __future__ import annotations

import uuid

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

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
    )
    @inject
    async def send(
        self,
        identifier: Identifier,
        data: JSONBody[SendMessageIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],
        use_case: FromDishka[SendMessage],
    ) -> MessageOut:
        request = SendMessageRequest(
            principal, identifier, data.content, data.reply_to, idempotency_key=idempotency.key
        )
        return MessageOut.of(await use_case(request))

    @get(
        f"{ROOM}/messages",
        summary="Fetch a chatroom's messages (latest first page; cursors both ways)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_room(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListMessages],
        limit: Limit = 50,
        before: Cursor = None,
        after: Cursor = None,
    ) -> MessagePageOut:
        request = ListMessagesRequest(principal, identifier, None, limit, before, after)
        return MessagePageOut.of(await use_case(request))

    @get(
        f"{ROOM}/users/{{user:str}}/messages",
        summary="Fetch one user's messages in a chatroom",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_user_in_room(
        self,
        identifier: Identifier,
        user: User,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListMessages],
        limit: Limit = 50,
        before: Cursor = None,
        after: Cursor = None,
    ) -> MessagePageOut:
        request = ListMessagesRequest(principal, identifier, user, limit, before, after)
        return MessagePageOut.of(await use_case(request))

    @delete(
        f"{ROOM}/users/{{user:str}}/messages",
        summary="Purge one user's messages in a chatroom (moderators)",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def purge(
        self,
        identifier: Identifier,
        user: User,
        principal: NamedDependency[Principal],
        use_case: FromDishka[PurgeMessages],
        reason: Reason = None,
    ) -> PurgedOut:
        return PurgedOut.of(
            await use_case(PurgeMessagesRequest(principal, identifier, user, reason))
        )

    @get(
        f"{ROOM}/messages/{{message_id:uuid}}/thread",
        summary="Fetch the messages of a thread (its first message and the replies)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def thread(
        self,
        identifier: Identifier,
        message_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListThread],
        limit: Limit = 50,
        before: Cursor = None,
        after: Cursor = None,
    ) -> MessagePageOut:
        request = ListThreadRequest(principal, identifier, message_id, limit, before, after)
        return MessagePageOut.of(await use_case(request))

    @delete(
        f"{ROOM}/messages/{{message_id:uuid}}",
        summary="Delete a chat message (its author for 10 minutes, moderators, staff)",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def delete_message(
        self,
        identifier: Identifier,
        message_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeleteMessage],
    ) -> MessageOut:
        request = DeleteMessageRequest(principal, identifier, message_id)
        return MessageOut.of(await use_case(request))

    @get(
        "/users/{user:str}/messages",
        summary="Fetch one user's messages in every chatroom",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_user(
        self,
        user: User,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListUserMessages],
        limit: Limit = 50,
        before: Cursor = None,
        after: Cursor = None,
    ) -> MessagePageOut:
        request = ListUserMessagesRequest(principal, user, limit, before, after)
        return MessagePageOut.of(await use_case(request))

    @get(
        f"{ROOM}/pin",
        summary="Fetch the chatroom's pinned message",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_pin(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetPin],
    ) -> PinnedOut:
        return PinnedOut.of(await use_case(GetPinRequest(principal, identifier)))

    @put(
        f"{ROOM}/pin",
        summary="Pin a message (replaces the pinned one; optional duration)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def pin(
        self,
        identifier: Identifier,
        data: JSONBody[PinIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[PinMessage],
    ) -> PinnedOut:
        request = PinMessageRequest(principal, identifier, data.message_id, data.duration_seconds)
        return PinnedOut.of(await use_case(request))

    @delete(
        f"{ROOM}/pin",
        summary="Unpin the pinned message",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def unpin(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[UnpinMessage],
    ) -> PinOut:
        return PinOut.of(await use_case(UnpinMessageRequest(principal, identifier)))
