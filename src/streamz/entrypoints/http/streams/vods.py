"""Deleting a VOD (Private API, the owner): gone now, its Livepeer asset deleted by a job."""

from __future__ import annotations

import uuid

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete
from litestar.di import NamedDependency
from litestar.params import FromPath

from streamz.core.identity.entities import Principal
from streamz.core.live.streams.delete_vod import DeleteVod, DeleteVodRequest
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.problems import WRITE_ERRORS, problem_responses


class VodDeleteController(Controller):
    path = "/channels/{identifier:str}/vods"
    tags = ["vods"]

    @delete(
        "/{vod_id:uuid}",
        summary="Delete a VOD (the owner only); its Livepeer asset is deleted in the background",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def delete_vod(
        self,
        identifier: Identifier,
        vod_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeleteVod],
    ) -> None:
        """Deletes a VOD now (soft); its Livepeer asset is deleted by a retried background job. The
        channel's owner only. 404 if the VOD is not the channel's.
        """
        await use_case(DeleteVodRequest(principal, identifier, vod_id))
