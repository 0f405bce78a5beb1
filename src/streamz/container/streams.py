"""Bindings of the streams context: Livepeer (REST, or refusing when not configured), the
repositories, the SAQ jobs and the use cases."""

from __future__ import annotations

import httpx
from dishka import AnyOf, Provider, Scope, provide, provide_all
from saq.queue.redis import RedisQueue

from streamz.adapters.livepeer.jobs import SaqStreamJobs
from streamz.adapters.livepeer.studio import LivepeerStudio, UnconfiguredLivepeer
from streamz.adapters.memory.streams import (
    MemoryChannelStreams,
    MemoryLivepeer,
    MemoryLivepeerEvents,
    MemoryLivestreamWrites,
    MemoryStreamJobs,
    MemoryVodWrites,
)
from streamz.adapters.postgres.streams import (
    PostgresChannelStreams,
    PostgresLivepeerEvents,
    PostgresLivestreamWrites,
    PostgresVodWrites,
)
from streamz.core.live.streams.delete_vod import DeleteVod
from streamz.core.live.streams.delete_vod_asset import DeleteVodAsset
from streamz.core.live.streams.entities import LivepeerConfig
from streamz.core.live.streams.get_stream_ingest import GetStreamIngest
from streamz.core.live.streams.get_stream_key import GetStreamKey
from streamz.core.live.streams.process_event import ProcessLivepeerEvent
from streamz.core.live.streams.receive_webhook import ReceiveLivepeerWebhook
from streamz.core.live.streams.rotate_stream_key import RotateStreamKey
from streamz.core.live.streams.sweep import SweepStreamWork
from streamz.ports.livepeer import StreamingProvider
from streamz.ports.streams import (
    ChannelStreamRepository,
    LivepeerEventLog,
    LivestreamWrites,
    StreamJobs,
    VodWrites,
)
from streamz.settings import Settings


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope); Livepeer and the job queue
    once per process."""

    scope = Scope.REQUEST

    streams = provide(PostgresChannelStreams, provides=ChannelStreamRepository)
    livestreams = provide(PostgresLivestreamWrites, provides=LivestreamWrites)
    vods = provide(PostgresVodWrites, provides=VodWrites)
    events = provide(PostgresLivepeerEvents, provides=LivepeerEventLog)

    @provide(scope=Scope.APP)
    def config(self, settings: Settings) -> LivepeerConfig:
        return LivepeerConfig(
            webhook_secret=settings.livepeer_secret(),
            rtmp_url=settings.livepeer.rtmp_url,
            srt_url=settings.livepeer.srt_url,
            playback_url=settings.livepeer.playback_url,
        )

    @provide(scope=Scope.APP)
    def provider(self, settings: Settings, http: httpx.AsyncClient) -> StreamingProvider:
        if not settings.livepeer.api_key:
            return UnconfiguredLivepeer()
        return LivepeerStudio(http, settings.livepeer.url, settings.livepeer.api_key)

    @provide(scope=Scope.APP)
    def jobs(self, queue: RedisQueue) -> StreamJobs:
        return SaqStreamJobs(queue)


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope); an in-memory Livepeer and
    a job queue that records jobs (APP scope). Webhooks need a ``LivepeerConfig`` with a secret
    (override it)."""

    scope = Scope.REQUEST

    streams = provide(MemoryChannelStreams, provides=ChannelStreamRepository)
    livestreams = provide(MemoryLivestreamWrites, provides=LivestreamWrites)
    vods = provide(MemoryVodWrites, provides=VodWrites)
    events = provide(MemoryLivepeerEvents, provides=LivepeerEventLog)
    provider = provide(
        MemoryLivepeer, provides=AnyOf[StreamingProvider, MemoryLivepeer], scope=Scope.APP
    )
    jobs = provide(MemoryStreamJobs, provides=AnyOf[StreamJobs, MemoryStreamJobs], scope=Scope.APP)

    @provide(scope=Scope.APP)
    def config(self) -> LivepeerConfig:
        return LivepeerConfig()


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    streams = provide_all(
        GetStreamKey,
        RotateStreamKey,
        GetStreamIngest,
        ReceiveLivepeerWebhook,
        ProcessLivepeerEvent,
        DeleteVod,
        DeleteVodAsset,
        SweepStreamWork,
    )
