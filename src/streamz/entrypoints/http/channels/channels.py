"""Fetch a channel by channel identifier: the same handler on Public, Private and Admin."""

from __future__ import annotations

from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import PathParameter

from streamz.core.channels.get_channel import GetChannel, GetChannelRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.channels.views import ChannelOut
from streamz.entrypoints.http.problems import READ_ERRORS, problem_responses

Identifier = Annotated[
    str, PathParameter(description="channel id or slug", min_length=1, max_length=64)
]


class ChannelsController(Controller):
    path = "/channels"
    tags = ["channels"]

    @get(
        "/{identifier:str}",
        summary="Fetch a channel by channel identifier",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_channel(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetChannel],
    ) -> ChannelOut:
        """Returns a channel by slug or id: its owner, live state and follower count. Anyone may
        read. 404 if there is no such channel.
        """
        return ChannelOut.of(await use_case(GetChannelRequest(principal, identifier)))
