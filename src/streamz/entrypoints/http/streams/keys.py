"""A channel's stream key: the owner fetches and rotates it (Private API); staff read the
stream without its key (Admin API). Not on the Public API."""

from __future__ import annotations

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get, post
from litestar.di import NamedDependency

from streamz.core.identity.entities import Principal
from streamz.core.live.streams.get_stream_ingest import GetStreamIngest, GetStreamIngestRequest
from streamz.core.live.streams.get_stream_key import GetStreamKey, GetStreamKeyRequest
from streamz.core.live.streams.rotate_stream_key import RotateStreamKey, RotateStreamKeyRequest
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses
from streamz.entrypoints.http.streams.views import StreamIngestOut, StreamKeyOut

PATH = "/channels/{identifier:str}/stream"


class StreamKeyController(Controller):
    path = PATH
    tags = ["streams"]

    @get(
        "/key",
        summary="Fetch the channel's stream key and ingest URLs (the owner only)",
        description="The first call creates the channel's Livepeer stream (recorded). "
        "503 livepeer-unavailable when Livepeer fails, livepeer-not-configured without an API "
        "key.",
        response_headers={"Cache-Control": "no-store"},
        responses=problem_responses(*READ_ERRORS, 503),
    )
    @inject
    async def get_stream_key(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetStreamKey],
    ) -> StreamKeyOut:
        """Returns the channel's stream key and ingest URLs (RTMP, SRT), creating the Livepeer
        stream on first use. The channel's owner only; 403 for anyone else (staff included), 503
        if Livepeer is unreachable.
        """
        return StreamKeyOut.of(await use_case(GetStreamKeyRequest(principal, identifier)))

    @idempotent
    @post(
        "/key/rotate",
        summary="Replace the channel's stream key (the owner only; not while live)",
        description="Livepeer cannot change a stream's key: a new stream (new key and "
        "playback id) replaces the old one, which is deleted so the old key stops working.",
        status_code=200,
        response_headers={"Cache-Control": "no-store"},
        responses=problem_responses(*WRITE_ERRORS, 503),
    )
    @inject
    async def rotate_stream_key(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[RotateStreamKey],
    ) -> StreamKeyOut:
        """Replaces the channel's stream key; the old one stops working. The owner only. 409 while
        the channel is live, 503 if Livepeer is unreachable.
        """
        return StreamKeyOut.of(await use_case(RotateStreamKeyRequest(principal, identifier)))


class StreamIngestController(Controller):
    path = PATH
    tags = ["streams"]

    @get(
        "/ingest",
        summary="Fetch the channel's stream without its key (staff)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_stream_ingest(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetStreamIngest],
    ) -> StreamIngestOut:
        """Returns the channel's stream and ingest URLs without its key. Staff only. 404 if the
        channel has no stream yet.
        """
        return StreamIngestOut.of(await use_case(GetStreamIngestRequest(principal, identifier)))
