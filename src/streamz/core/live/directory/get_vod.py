from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.directory.vod_access import VodAccess
from streamz.core.live.entities import Vod


@dataclass(frozen=True, slots=True)
class GetVodRequest:
    actor: Principal
    vod_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class GetVod:
    """One VOD, if the caller may see it (``VodAccess``): unknown, deleted or private to
    others: ``vod-not-found``; for subscribers only: ``vod-subscribers-only``."""

    access: VodAccess

    async def __call__(self, request: GetVodRequest) -> Vod:
        vod, _ = await self.access.readable(request.actor, request.vod_id)
        return vod
