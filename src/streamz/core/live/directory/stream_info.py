"""Reading a channel's stream info with its category and live stream (shared by the use cases)."""

from __future__ import annotations

from streamz.core.channels.entities import Channel
from streamz.core.live.directory.entities import StreamInfoView
from streamz.core.live.entities import StreamInfo
from streamz.ports.categories import CategoryRepository
from streamz.ports.directory import StreamInfoStore


async def view_of(
    store: StreamInfoStore,
    categories: CategoryRepository,
    channel: Channel,
    info: StreamInfo | None = None,
) -> StreamInfoView:
    if info is None:
        info = await store.get(channel.id) or StreamInfo(channel.id)
    category = await categories.get(info.category_id) if info.category_id else None
    return StreamInfoView(info, category, await store.live(channel.id))
