"""A channel's stream info: fetch and update (Private API; the Internal tier via the CLI)."""

from __future__ import annotations

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get, patch
from litestar.di import NamedDependency
from litestar.params import JSONBody

from streamz.core.channels.about.fields import KEEP
from streamz.core.identity.entities import Principal
from streamz.core.live.directory.get_stream_info import GetStreamInfo, GetStreamInfoRequest
from streamz.core.live.directory.update_stream_info import (
    UpdateStreamInfo,
    UpdateStreamInfoRequest,
)
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.directory.views import UNSET, StreamInfoOut, UpdateStreamInfoIn
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses


class StreamInfoController(Controller):
    path = "/channels/{identifier:str}/stream"
    tags = ["stream info"]

    @get(
        "/",
        summary="A channel's stream info (title, category, tags, language, mature) and live state",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_stream_info(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetStreamInfo],
    ) -> StreamInfoOut:
        """Returns the channel's stream info (title, category, tags, language, mature) and whether
        it is live. Private API: the signed-in user. 404 if the channel does not exist.
        """
        return StreamInfoOut.of(await use_case(GetStreamInfoRequest(principal, identifier)))

    @patch(
        "/",
        summary="Update a channel's stream info (only the fields sent), now and for next streams",
        description=(
            "Owner or moderator with manage_settings. Problem types per field: "
            "stream-title-invalid, stream-category-unknown, stream-tags-invalid, "
            "stream-language-invalid. Emits `stream.updated`."
        ),
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def update_stream_info(
        self,
        identifier: Identifier,
        data: JSONBody[UpdateStreamInfoIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateStreamInfo],
    ) -> StreamInfoOut:
        """Changes the channel's stream info (only the fields sent); it applies to the live stream
        and the next ones. The owner, a moderator with `manage_settings`, or staff. 422 for a
        title over 140 characters, more than 10 tags, a bad language tag or an unknown
        category.
        """
        request = UpdateStreamInfoRequest(
            principal,
            identifier,
            title=KEEP if data.title is UNSET else data.title,
            category=KEEP if data.category is UNSET else data.category,
            tags=KEEP if data.tags is UNSET else data.tags,
            language=KEEP if data.language is UNSET else data.language,
            mature=KEEP if data.mature is UNSET else data.mature,
        )
        return StreamInfoOut.of((await use_case(request)).view)
