"""Chatrooms with their settings and rules. Public: reads; Private and Admin: also changes."""

from __future__ import annotations

import uuid
from typing import Any

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, Request, delete, get, patch, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from streamz.core.chat.clear_rules import ClearChatRules, ClearChatRulesRequest
from streamz.core.chat.find_chatroom import FindChatroom, FindChatroomRequest
from streamz.core.chat.get_chatroom import GetChatroom, GetChatroomRequest
from streamz.core.chat.update_rules import UpdateChatRules, UpdateChatRulesRequest
from streamz.core.chat.update_settings import UpdateChatSettings, UpdateChatSettingsRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.chat.views import (
    ChatroomOut,
    ChatroomRulesOut,
    ChatroomSettingsOut,
    ChatRulesIn,
    UpdateChatSettingsIn,
    sent_body,
)
from streamz.entrypoints.http.openapi import BODY_EXAMPLE
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses

CHATROOM = "/channels/{identifier:str}/chatroom"


class PublicChatroomsController(Controller):
    path = "/"
    tags = ["chatrooms"]

    @get(
        CHATROOM,
        summary="Fetch a channel's chatroom, with its settings and rules",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_chatroom(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetChatroom],
    ) -> ChatroomOut:
        """Returns a channel's chatroom with its settings and rules. Anyone may read. 404 if the
        channel does not exist.
        """
        return ChatroomOut.of(await use_case(GetChatroomRequest(principal, identifier)))

    @get(
        "/chatrooms/{chatroom_id:uuid}",
        summary="Fetch a chatroom by its id, with its settings and rules",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_chatroom_by_id(
        self,
        chatroom_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[FindChatroom],
    ) -> ChatroomOut:
        """Returns a chatroom by its own id, with its settings and rules. Anyone may read. 404 if
        there is no such chatroom.
        """
        return ChatroomOut.of(await use_case(FindChatroomRequest(principal, chatroom_id)))

    @get(
        f"{CHATROOM}/settings",
        summary="Fetch a chatroom's settings (defaults until changed)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_chat_settings(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetChatroom],
    ) -> ChatroomSettingsOut:
        """Returns the chatroom's settings (slow mode, followers-only, subscribers-only,
        emote-only, unique chat, account age, verified email, delay, links, rate limits);
        defaults until changed. Anyone may read.
        """
        return ChatroomSettingsOut.of(await use_case(GetChatroomRequest(principal, identifier)))

    @get(
        f"{CHATROOM}/rules",
        summary="Fetch a chatroom's rules in order",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_chat_rules(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetChatroom],
    ) -> ChatroomRulesOut:
        """Returns the chatroom's rules in order. Anyone may read. 404 if the channel does not
        exist.
        """
        return ChatroomRulesOut.of(await use_case(GetChatroomRequest(principal, identifier)))


class ChatroomsController(PublicChatroomsController):
    """Every chatroom operation (Private and Admin)."""

    @patch(
        f"{CHATROOM}/settings",
        summary="Update a chatroom's settings (only the keys sent)",
        responses=problem_responses(*WRITE_ERRORS),
        opt={
            BODY_EXAMPLE: {
                "slow_mode_seconds": 10,
                "followers_only": 30,
                "links_allowed": False,
            }
        },
    )
    @inject
    async def update_chat_settings(
        self,
        identifier: Identifier,
        data: JSONBody[UpdateChatSettingsIn],  # documents and checks the shape
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateChatSettings],
    ) -> ChatroomSettingsOut:
        """Changes the chatroom's settings (only the keys sent; `followers_only: null` turns
        followers-only off); every later send is checked against them. The owner, a moderator
        with `manage_settings`, staff (audited), or an API token with `channel:write`. 422 for a
        value out of range.
        """
        changes = sent_body(await request.body())
        update = UpdateChatSettingsRequest(principal, identifier, changes)
        return ChatroomSettingsOut.of(await use_case(update))

    @put(
        f"{CHATROOM}/rules",
        summary="Replace a chatroom's rules (ordered; at most 20, each 1-500 characters)",
        responses=problem_responses(*WRITE_ERRORS),
        opt={BODY_EXAMPLE: {"rules": ["Be kind", "No spoilers", "English please"]}},
    )
    @inject
    async def update_chat_rules(
        self,
        identifier: Identifier,
        data: JSONBody[ChatRulesIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateChatRules],
    ) -> ChatroomRulesOut:
        """Replaces the chatroom's rules (ordered; at most 20, each 1-500 characters). The owner, a
        moderator with `manage_settings`, staff (audited), or an API token with `channel:write`.
        422 past the limits.
        """
        request = UpdateChatRulesRequest(principal, identifier, data.rules)
        return ChatroomRulesOut.of(await use_case(request))

    @delete(
        f"{CHATROOM}/rules",
        summary="Clear a chatroom's rules",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def clear_chat_rules(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ClearChatRules],
    ) -> None:
        """Removes every rule of the chatroom. The owner, a moderator with `manage_settings`, staff
        (audited), or an API token with `channel:write`.
        """
        await use_case(ClearChatRulesRequest(principal, identifier))
