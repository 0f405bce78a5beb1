from __future__ import annotations

from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.live.directory.vod_access import VodAccess
from streamz.core.live.entities import Vod
from streamz.core.shared.pages import Page, check_limit, decode_id_cursor, encode_cursor


@dataclass(frozen=True, slots=True)
class ListChannelVodsRequest:
    actor: Principal
    channel: str  # channel id or slug
    limit: int = 20
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ListChannelVods:
    """A channel's VODs that the caller may see (``VodAccess``), newest first; deleted ones
    never. Cursor pagination. Unknown channel: ``ChannelNotFound``."""

    access: VodAccess

    async def __call__(self, request: ListChannelVodsRequest) -> Page[Vod]:
        limit = check_limit(request.limit)
        before = decode_id_cursor(request.after) if request.after is not None else None
        channel = await self.access.channel(request.channel)
        visibilities = await self.access.visibilities(request.actor, channel)
        rows = await self.access.vods.list_for(
            channel.id, visibilities=visibilities, limit=limit + 1, before=before
        )
        page = rows[:limit]
        cursor = encode_cursor([str(page[-1].id)]) if len(rows) > limit else None
        return Page(page, cursor)
