from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import authorize
from streamz.core.identity.entities import Principal, Scope
from streamz.core.live.streams.entities import LivepeerConfig, StreamIngest
from streamz.core.live.streams.errors import ChannelStreamNotFound
from streamz.ports.channels import ChannelRepository
from streamz.ports.streams import ChannelStreamRepository, LivestreamWrites
from streamz.ports.team import ChannelRoleRepository


@dataclass(frozen=True, slots=True)
class GetStreamIngestRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class GetStreamIngest:
    """A channel's stream without its key: Livepeer stream and playback ids, ingest servers,
    when it was made and its key last rotated, whether it is live. For support staff.

    - Who: the owner, staff (Admin API) and the system; moderators and others: ``Forbidden``.
    - Never creates a stream: none yet is ``ChannelStreamNotFound`` (404).
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    streams: ChannelStreamRepository
    livestreams: LivestreamWrites
    config: LivepeerConfig

    async def __call__(self, request: GetStreamIngestRequest) -> StreamIngest:
        access = await authorize(
            self.channels,
            self.roles,
            request.actor,
            request.channel,
            permission=None,
            scope=Scope.STREAM_WRITE,
        )
        channel = access.channel
        stream = await self.streams.get(channel.id)
        if stream is None:
            raise ChannelStreamNotFound(f"channel {channel.slug!r} has no stream yet")
        live = await self.livestreams.live(channel.id)
        return StreamIngest(
            channel_id=channel.id,
            livepeer_stream_id=stream.livepeer_stream_id,
            playback_id=stream.playback_id,
            playback_url=self.config.playback(stream.playback_id),
            rtmp_server=self.config.rtmp_url.rstrip("/"),
            srt_server=self.config.srt_url.rstrip("/"),
            live=live is not None,
            created_at=stream.created_at,
            key_rotated_at=stream.key_rotated_at,
        )
