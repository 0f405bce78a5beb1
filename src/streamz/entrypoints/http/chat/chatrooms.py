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
        return ChatroomOut.of(await use_case(GetChatroomRequest(principal, identifier)))

    @get(
        "/chatrooms/{chatroom_id:uuid}",
        summary="Fetch a chatroom by its id, with its settings and rules",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def find_chatroom(
        self,
        chatroom_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[FindChatroom],
    ) -> ChatroomOut:
        return ChatroomOut.of(await use_case(FindChatroomRequest(principal, chatroom_id)))

    @get(
        f"{CHATROOM}/settings",
        summary="Fetch a chatroom's settings (defaults until changed)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_settings(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetChatroom],
    ) -> ChatroomSettingsOut:
        return ChatroomSettingsOut.of(await use_case(GetChatroomRequest(principal, identifier)))

    @get(
        f"{CHATROOM}/rules",
        summary="Fetch a chatroom's rules in order",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_rules(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetChatroom],
    ) -> ChatroomRulesOut:
        return ChatroomRulesOut.of(await use_case(GetChatroomRequest(principal, identifier)))


class ChatroomsController(PublicChatroomsController):
    """Every chatroom operation (Private and Admin)."""

    @patch(
        f"{CHATROOM}/settings",
        summary="Update a chatroom's settings (only the keys sent)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def update_settings(
        self,
        identifier: Identifier,
        data: JSONBody[UpdateChatSettingsIn],  # documents and checks the shape
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateChatSettings],
    ) -> ChatroomSettingsOut:
        changes = sent_body(await request.body())
        update = UpdateChatSettingsRequest(principal, identifier, changes)
        return ChatroomSettingsOut.of(await use_case(update))

    @put(
        f"{CHATROOM}/rules",
        summary="Replace a chatroom's rules (ordered; at most 20, each 1-500 characters)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def update_rules(
        self,
        identifier: Identifier,
        data: JSONBody[ChatRulesIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateChatRules],
    ) -> ChatroomRulesOut:
        request = UpdateChatRulesRequest(principal, identifier, data.rules)
        return ChatroomRulesOut.of(await use_case(request))

    @delete(
        f"{CHATROOM}/rules",
        summary="Clear a chatroom's rules",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def clear_rules(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ClearChatRules],
    ) -> None:
        await use_case(ClearChatRulesRequest(principal, identifier))
