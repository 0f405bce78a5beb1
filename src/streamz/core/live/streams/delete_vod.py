from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass

from streamz.core.channels.access import audit, authorize
from streamz.core.channels.audit import ActingAs
from streamz.core.errors import Forbidden, Unavailable
from streamz.core.identity.entities import Principal, Scope
from streamz.core.live.entities import Vod
from streamz.core.live.streams.errors import VodNotFound
from streamz.core.live.streams.events import VOD_DELETED
from streamz.core.shared.events import Event
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.streams import StreamJobs, VodWrites
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class DeleteVodRequest:
    actor: Principal
    channel: str  # channel id or slug
    vod_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class DeleteVod:
    """Deletes a VOD: gone from every listing now, its Livepeer asset deleted by a job.

    - Who: the channel's owner (Private API) and the system (CLI, library). Anyone else
      (moderators and staff too): ``Forbidden``; anonymous: ``Unauthenticated``.
    - A VOD of another channel, unknown or already deleted: ``VodNotFound``.
    - Soft delete (``deleted_at``), audit ``vod.deleted`` and event ``vod.deleted``, one
      transaction; then the asset deletion is queued (``DeleteVodAsset``, retried with
      backoff on Livepeer errors and timeouts). If the queue is unreachable the deletion still
      stands: the sweep queues the asset deletion later.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    vods: VodWrites
    jobs: StreamJobs
    audit_log: AuditLog
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: DeleteVodRequest) -> Vod:
        access = await authorize(
            self.channels,
            self.roles,
            request.actor,
            request.channel,
            permission=None,
            scope=Scope.STREAM_WRITE,
        )
        if access.acting_as not in (ActingAs.OWNER, ActingAs.SYSTEM):
            raise Forbidden("only the channel's owner may delete its VODs")
        vod = await self.vods.get(request.vod_id)
        if vod is None or vod.channel_id != access.channel.id or vod.deleted_at is not None:
            raise VodNotFound(f"no VOD {request.vod_id} in this channel")
        now = self.clock.now()
        await self.vods.soft_delete(vod.id, now)
        details = {"vod_id": str(vod.id), "livepeer_asset_id": vod.livepeer_asset_id}
        await self.audit_log.record(audit(access, request.actor, VOD_DELETED, now, details=details))
        self.uow.record(
            Event(
                VOD_DELETED,
                str(access.channel.id),
                {"channel_id": str(access.channel.id), "vod_id": str(vod.id)},
                now,
            )
        )
        await self.uow.commit()
        with contextlib.suppress(Unavailable):  # committed: the sweep queues it later
            await self.jobs.delete_asset(vod.id)
        return vod
