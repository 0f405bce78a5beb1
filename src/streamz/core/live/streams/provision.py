"""Creating a channel's stream at Livepeer."""

from __future__ import annotations

import contextlib
from datetime import datetime

from streamz.core.channels.entities import Channel
from streamz.core.live.entities import ChannelStream
from streamz.ports.livepeer import StreamingProvider


def stream_name(channel: Channel) -> str:
    """What the stream is called at Livepeer: recognisable in its dashboard, never the key."""
    return f"streamz-{channel.slug}-{channel.id}"


async def create_stream(
    provider: StreamingProvider,
    channel: Channel,
    now: datetime,
    *,
    rotated: bool = False,
) -> ChannelStream:
    created = await provider.create_stream(stream_name(channel))
    return ChannelStream(
        channel_id=channel.id,
        livepeer_stream_id=created.id,
        stream_key=created.stream_key,
        playback_id=created.playback_id,
        created_at=now,
        key_rotated_at=now if rotated else None,
    )


async def forget(provider: StreamingProvider, stream_id: str) -> None:
    """Best effort: delete a stream nobody will use (its creation could not be stored)."""
    with contextlib.suppress(Exception):  # the original error matters more
        await provider.delete_stream(stream_id)
