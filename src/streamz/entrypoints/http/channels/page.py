"""A channel page in one response: the same handler on Public, Private and Admin."""

from __future__ import annotations

import msgspec
from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get
from litestar.di import NamedDependency

from streamz.core.channels.get_channel_page import GetChannelPage, GetChannelPageRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.about.views import PanelOut, SocialLinkOut
from streamz.entrypoints.http.badges.views import BadgeOut
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.channels.views import ChannelOut
from streamz.entrypoints.http.problems import READ_ERRORS, problem_responses


class RoleCounts(msgspec.Struct, frozen=True):
    moderators: int
    vips: int
    ogs: int


class ChannelPageOut(msgspec.Struct, frozen=True):
    channel: ChannelOut
    panels: list[PanelOut]
    links: list[SocialLinkOut]
    badges: list[BadgeOut]
    roles: RoleCounts


class ChannelPageController(Controller):
    path = "/channels"
    tags = ["channels"]

    @get(
        "/{identifier:str}/page",
        summary="A channel page: channel, panels, links, badges and role counts",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_channel_page(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetChannelPage],
    ) -> ChannelPageOut:
        """Returns what a channel's page shows in one call: the channel, its panels, social links,
        subscriber badges and role counts. Anyone may read. 404 if there is no such channel.
        """
        page = await use_case(GetChannelPageRequest(principal, identifier))
        data = page.data
        return ChannelPageOut(
            channel=ChannelOut.from_parts(data.channel, data.owner),
            panels=[PanelOut.of(p) for p in data.panels],
            links=[SocialLinkOut.of(link) for link in data.links],
            badges=[BadgeOut.of(b) for b in page.badges],
            roles=RoleCounts(data.moderators, data.vips, data.ogs),
        )
