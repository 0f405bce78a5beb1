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
from streamz.ports.outbox import Outbox
from streamz.ports.streams import ChannelStreamRepository
from streamz.ports.team import ChannelRoleRepository
from streamz.ports.transaction import TransactionManager


@dataclass(frozen=True, slots=True)
class GetStreamKeyRequest:
    actor: Principal
    channel: str  # channel id or slug


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

    def __init__(
        self,
        channels: ChannelRepository,
        roles: ChannelRoleRepository,
        streams: ChannelStreamRepository,
        provider: StreamingProvider,
        config: LivepeerConfig,
        outbox: Outbox,
        tx: TransactionManager,
        clock: Clock,
    ) -> None:
        self._channels = channels
        self._roles = roles
        self._streams = streams
        self._provider = provider
        self._config = config
        self._outbox = outbox
        self._tx = tx
        self._clock = clock

    async def __call__(self, request: GetStreamKeyRequest) -> StreamKey:
        access = await owner_or_system(self._channels, self._roles, request.actor, request.channel)
        channel = access.channel
        stream = await self._streams.get(channel.id)
        if stream is None:
            await self._streams.lock(channel.id)
            stream = await self._streams.get(channel.id)
        if stream is None:
            now = self._clock.now()
            stream = await create_stream(self._provider, channel, now)
            try:
                await self._streams.save(stream)
                await self._outbox.add(
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
                await self._tx.commit()
            except BaseException:
                await forget(self._provider, stream.livepeer_stream_id)
                raise
        return StreamKey.of(stream, self._config)
