"""VODs: a channel's list and one VOD (Public and Private), update (Private). Visibility is
enforced on every read."""

from __future__ import annotations

import uuid

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get, patch
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from streamz.core.channels.about.fields import KEEP
from streamz.core.identity.entities import Principal
from streamz.core.live.directory.get_vod import GetVod, GetVodRequest
from streamz.core.live.directory.list_channel_vods import ListChannelVods, ListChannelVodsRequest
from streamz.core.live.directory.update_vod import UpdateVod, UpdateVodRequest
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.directory.params import After, Limit
from streamz.entrypoints.http.directory.views import UNSET, UpdateVodIn, VodOut, VodPage
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses


class ChannelVodsController(Controller):
    path = "/channels/{identifier:str}/vods"
    tags = ["vods"]

    @get(
        "/",
        summary="A channel's VODs you may see, newest first",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_vods(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListChannelVods],
        limit: Limit = 20,
        after: After = None,
    ) -> VodPage:
        """Lists a channel's VODs that the caller may see, newest first, with a cursor
        (subscriber-only ones for subscribers and the team, private ones for the owner). 404 if
        the channel does not exist.
        """
        return VodPage.of(
            await use_case(ListChannelVodsRequest(principal, identifier, limit, after))
        )


class PublicVodsController(Controller):
    path = "/vods"
    tags = ["vods"]

    @get(
        "/{vod_id:uuid}",
        summary="Fetch a VOD (private ones: the owner; subscriber ones: subscribers and team)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_vod(
        self,
        vod_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetVod],
    ) -> VodOut:
        """Returns one VOD with its playback URL, if the caller may see it. 403
        `vod-subscribers-only` for a subscribers' VOD the caller may not watch; 404 if it does
        not exist or is private and not the caller's.
        """
        return VodOut.of(await use_case(GetVodRequest(principal, vod_id)))


class VodsController(PublicVodsController):
    """Every VOD operation of this slice (Private)."""

    @patch(
        "/{vod_id:uuid}",
        summary="Update a VOD's title and visibility (the owner)",
        description="Problem types: vod-title-invalid, vod-visibility-invalid. Emits vod.updated.",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def update_vod(
        self,
        vod_id: FromPath[uuid.UUID],
        data: JSONBody[UpdateVodIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateVod],
    ) -> VodOut:
        """Changes a VOD's title and visibility (public, subscribers, private). The channel's
        owner, or staff. 403 for anyone else, 404 if there is no such VOD.
        """
        request = UpdateVodRequest(
            principal,
            vod_id,
            title=KEEP if data.title is UNSET else data.title,
            visibility=KEEP if data.visibility is UNSET else data.visibility,
        )
        return VodOut.of(await use_case(request))
