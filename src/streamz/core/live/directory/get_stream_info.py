from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import find_channel
from streamz.core.identity.entities import Principal
from streamz.core.live.directory.entities import StreamInfoView
from streamz.core.live.directory.stream_info import view_of
from streamz.ports.categories import CategoryRepository
from streamz.ports.channels import ChannelRepository
from streamz.ports.directory import StreamInfoStore


@dataclass(frozen=True, slots=True)
class GetStreamInfoRequest:
    actor: Principal
    channel: str  # channel id or slug


@dataclass(frozen=True, slots=True)
class GetStreamInfo:
    """A channel's stream info: title, category, tags, language, mature flag, and its live
    stream when it is live.

    - Anyone the tier lets in may read it (the Private API and the Internal tier offer it; what
      it holds is shown in the public listings anyway).
    - Unknown channel: ``ChannelNotFound``. Never written: the defaults (``updated_at`` null).
    """

    channels: ChannelRepository
    store: StreamInfoStore
    categories: CategoryRepository

    async def __call__(self, request: GetStreamInfoRequest) -> StreamInfoView:
        channel = await find_channel(self.channels, request.channel)
        return await view_of(self.store, self.categories, channel)
