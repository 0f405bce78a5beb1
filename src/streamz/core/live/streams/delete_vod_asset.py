from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.ports.clock import Clock
from streamz.ports.livepeer import StreamingProvider
from streamz.ports.streams import VodWrites
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class DeleteVodAssetRequest:
    actor: Principal  # the system (the worker)
    vod_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class DeleteVodAsset:
    """Deletes a deleted VOD's asset at Livepeer (the job queued by ``DeleteVod``).

    - The system only (``Forbidden`` otherwise).
    - Unknown VOD, a VOD not deleted, or one whose asset is already deleted: nothing (False).
    - An asset Livepeer does not know, or already deleted, counts as deleted.
    - Livepeer errors and timeouts raise ``LivepeerUnavailable``: the job fails and is
      retried with backoff, and past its retries the sweep queues it again.
    - Done: ``asset_deleted_at`` is set (True).
    """

    vods: VodWrites
    provider: StreamingProvider
    uow: UnitOfWork
    clock: Clock

    async def __call__(self, request: DeleteVodAssetRequest) -> bool:
        request.actor.require_system()
        vod = await self.vods.get(request.vod_id)
        if vod is None or vod.deleted_at is None or vod.asset_deleted_at is not None:
            return False
        await self.provider.delete_asset(vod.livepeer_asset_id)
        await self.vods.asset_deleted(vod.id, self.clock.now())
        await self.uow.commit()
        return True
