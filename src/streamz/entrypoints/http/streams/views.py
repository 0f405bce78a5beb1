"""What the HTTP API shows of channel streams, Livepeer deliveries and deleted VODs."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec

from streamz.core.live.streams.entities import StreamIngest, StreamKey, WebhookReceipt


class StreamKeyOut(msgspec.Struct, frozen=True):
    """Secret: the owner's encoder settings. Never logged, never shown to anyone else."""

    channel_id: uuid.UUID
    stream_key: str
    rtmp_server: str  # e.g. rtmp://rtmp.livepeer.com/live (OBS "Server")
    rtmp_url: str  # server and key in one URL
    srt_url: str  # srt://...?streamid=<key>
    playback_id: str
    playback_url: str  # HLS
    livepeer_stream_id: str
    created_at: datetime
    key_rotated_at: datetime | None

    @classmethod
    def of(cls, key: StreamKey) -> StreamKeyOut:
        s = key.stream
        return cls(
            channel_id=s.channel_id,
            stream_key=s.stream_key,
            rtmp_server=key.rtmp_server,
            rtmp_url=key.rtmp_url,
            srt_url=key.srt_url,
            playback_id=s.playback_id,
            playback_url=key.playback_url,
            livepeer_stream_id=s.livepeer_stream_id,
            created_at=s.created_at,
            key_rotated_at=s.key_rotated_at,
        )


class StreamIngestOut(msgspec.Struct, frozen=True):
    """A channel's stream without its key (Admin API)."""

    channel_id: uuid.UUID
    livepeer_stream_id: str
    playback_id: str
    playback_url: str
    rtmp_server: str
    srt_server: str
    live: bool
    created_at: datetime
    key_rotated_at: datetime | None

    @classmethod
    def of(cls, ingest: StreamIngest) -> StreamIngestOut:
        return cls(
            channel_id=ingest.channel_id,
            livepeer_stream_id=ingest.livepeer_stream_id,
            playback_id=ingest.playback_id,
            playback_url=ingest.playback_url,
            rtmp_server=ingest.rtmp_server,
            srt_server=ingest.srt_server,
            live=ingest.live,
            created_at=ingest.created_at,
            key_rotated_at=ingest.key_rotated_at,
        )


class WebhookReceiptOut(msgspec.Struct, frozen=True):
    id: str
    event: str
    duplicate: bool  # seen before: nothing new was stored

    @classmethod
    def of(cls, receipt: WebhookReceipt) -> WebhookReceiptOut:
        return cls(receipt.id, receipt.event, receipt.duplicate)
