"""The computed chat identity of a user in a channel. Public: fetch; Private and Admin: also
update (the colour: the user itself on Private, staff on Admin)."""

from __future__ import annotations

from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get, patch
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter

from streamz.core.chat.chat_identity.get_identity import GetChatIdentity, GetChatIdentityRequest
from streamz.core.chat.chat_identity.update_identity import (
    UpdateChatIdentity,
    UpdateChatIdentityRequest,
)
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.chat_identity.views import ChatIdentityOut, UpdateChatIdentityIn
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses

User = Annotated[
    str, PathParameter(description="account id or username", min_length=1, max_length=64)
]


class PublicChatIdentityController(Controller):
    path = "/channels/{identifier:str}/chatroom/users/{user:str}/identity"
    tags = ["chat identity"]

    @get(
        "/",
        summary="Fetch a user's computed chat identity (name colour and badges) in a channel",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_chat_identity(
        self,
        identifier: Identifier,
        user: User,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetChatIdentity],
    ) -> ChatIdentityOut:
        """Returns how a user appears in a channel's chat: name colour (chosen or derived) and
        badges (staff, owner, moderator, VIP, OG, subscriber months). Anyone may read. 404 if
        the channel or user does not exist.
        """
        return ChatIdentityOut.of(
            await use_case(GetChatIdentityRequest(principal, identifier, user))
        )


class ChatIdentityController(PublicChatIdentityController):
    """Fetch and update (Private: the user itself; Admin: staff, audited)."""

    @patch(
        "/",
        summary="Update a user's chat identity: the name colour in this channel",
        description="`colour`: `#RRGGBB`, or null to go back to the colour derived from the "
        "account. Private API: only for yourself; Admin API: any user (audited).",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def update_chat_identity(
        self,
        identifier: Identifier,
        user: User,
        data: JSONBody[UpdateChatIdentityIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateChatIdentity],
    ) -> ChatIdentityOut:
        """Sets the user's name colour in this channel's chat. The user themselves, or staff
        (audited); 403 for anyone else. 422 for a colour that is not `#rrggbb`.
        """
        request = UpdateChatIdentityRequest(principal, identifier, user, data.colour)
        return ChatIdentityOut.of(await use_case(request))
