from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.ports.clock import Clock
from streamz.ports.livepeer import StreamingProvider
from streamz.ports.streams import VodWrites
from streamz.ports.transaction import TransactionManager


@dataclass(frozen=True, slots=True)
class DeleteVodAssetRequest:
    actor: Principal  # the system (the worker)
    vod_id: uuid.UUID


class DeleteVodAsset:
    """Deletes a deleted VOD's asset at Livepeer (the job queued by ``DeleteVod``).

    - The system only (``Forbidden`` otherwise).
    - Unknown VOD, a VOD not deleted, or one whose asset is already deleted: nothing (False).
    - An asset Livepeer does not know, or already deleted, counts as deleted.
    - Livepeer errors and timeouts raise ``LivepeerUnavailable``: the job fails and is
      retried with backoff, and past its retries the sweep queues it again.
    - Done: ``asset_deleted_at`` is set (True).
    """

    def __init__(
        self,
        vods: VodWrites,
        provider: StreamingProvider,
        tx: TransactionManager,
        clock: Clock,
    ) -> None:
        self._vods = vods
        self._provider = provider
        self._tx = tx
        self._clock = clock

    async def __call__(self, request: DeleteVodAssetRequest) -> bool:
        request.actor.require_system()
        vod = await self._vods.get(request.vod_id)
        if vod is None or vod.deleted_at is None or vod.asset_deleted_at is not None:
            return False
        await self._provider.delete_asset(vod.livepeer_asset_id)
        await self._vods.asset_deleted(vod.id, self._clock.now())
        await self._tx.commit()
        return True
