from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.streams.access import owner_or_system
from streamz.core.live.streams.entities import LivepeerConfig, StreamKey
from streamz.core.live.streams.events import STREAM_PROVISIONED
from streamz.core.live.streams.provision import create_stream, forget
from streamz.core.shared.events import Event
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.livepeer import StreamingProvider
from streamz.ports.streams import ChannelStreamRepository
from streamz.ports.team import ChannelRoleRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class GetStreamKeyRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class GetStreamKey:
    """The channel's stream key, RTMP/SRT ingest URLs and playback id.

    - Who: the owner (a session; API tokens would need ``stream:write``) and the system
      (CLI). Staff: ``StreamKeyOwnerOnly``; moderators and others: ``Forbidden``; anonymous:
      ``Unauthenticated``; unknown channel: ``ChannelNotFound``.
    - The first call creates the channel's Livepeer stream (``record: true``) and stores its
      id, key and playback id; concurrent first calls queue on the channel's stream lock, so
      one stream is created. Event ``stream.provisioned`` (never the key).
    - Livepeer down or refusing: ``LivepeerUnavailable``; no API key configured:
      ``LivepeerNotConfigured`` (both 503), nothing stored.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    streams: ChannelStreamRepository
    provider: StreamingProvider
    config: LivepeerConfig
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: GetStreamKeyRequest) -> StreamKey:
        access = await owner_or_system(self.channels, self.roles, request.actor, request.channel)
        channel = access.channel
        stream = await self.streams.get(channel.id)
        if stream is None:
            await self.streams.lock(channel.id)
            stream = await self.streams.get(channel.id)
        if stream is None:
            now = self.clock.now()
            stream = await create_stream(self.provider, channel, now)
            try:
                await self.streams.save(stream)
                self.uow.record(
                    Event(
                        STREAM_PROVISIONED,
                        str(channel.id),
                        {
                            "channel_id": str(channel.id),
                            "livepeer_stream_id": stream.livepeer_stream_id,
                        },
                        now,
                    )
                )
                await self.uow.commit()
            except BaseException:
                await forget(self.provider, stream.livepeer_stream_id)
                raise
        return StreamKey.of(stream, self.config)
