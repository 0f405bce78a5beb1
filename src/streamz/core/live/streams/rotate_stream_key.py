from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import audit
from streamz.core.identity.entities import Principal
from streamz.core.live.streams.access import owner_or_system
from streamz.core.live.streams.entities import LivepeerConfig, StreamKey
from streamz.core.live.streams.errors import StreamIsLive
from streamz.core.live.streams.events import KEY_ROTATED
from streamz.core.live.streams.provision import create_stream, forget
from streamz.core.shared.events import Event
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.livepeer import StreamingProvider
from streamz.ports.streams import ChannelStreamRepository, LivestreamWrites
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class RotateStreamKeyRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class RotateStreamKey:
    """Replaces the channel's stream key; the old one stops working at once.

    - Who: as for ``GetStreamKey`` (the owner and the system only).
    - Not while the channel is live (``StreamIsLive``, 409): the broadcast would be cut.
    - Livepeer Studio cannot change a stream's key, so a new stream (new key, new playback id)
      replaces the old one, which is deleted at Livepeer before anything is stored. Either call
      failing: ``LivepeerUnavailable``, nothing changes (a new stream made in vain is deleted).
      A channel without a stream yet gets its first one.
    - Audit ``stream.key_rotated`` and the same event (the new Livepeer stream id, never the
      key), in the transaction of the change.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    streams: ChannelStreamRepository
    livestreams: LivestreamWrites
    provider: StreamingProvider
    config: LivepeerConfig
    audit_log: AuditLog
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: RotateStreamKeyRequest) -> StreamKey:
        access = await owner_or_system(self.channels, self.roles, request.actor, request.channel)
        channel = access.channel
        await self.streams.lock(channel.id)
        if await self.livestreams.live(channel.id) is not None:
            raise StreamIsLive("the channel is live: end the broadcast before rotating its key")
        old = await self.streams.get(channel.id)
        now = self.clock.now()
        stream = await create_stream(self.provider, channel, now, rotated=True)
        try:
            if old is not None:
                await self.provider.delete_stream(old.livepeer_stream_id)
            await self.streams.save(stream)
            details = {
                "livepeer_stream_id": stream.livepeer_stream_id,
                "previous_livepeer_stream_id": old.livepeer_stream_id if old else None,
            }
            await self.audit_log.record(
                audit(access, request.actor, KEY_ROTATED, now, details=details)
            )
            self.uow.record(
                Event(KEY_ROTATED, str(channel.id), {"channel_id": str(channel.id), **details}, now)
            )
            await self.uow.commit()
        except BaseException:
            await forget(self.provider, stream.livepeer_stream_id)
            raise
        return StreamKey.of(stream, self.config)
