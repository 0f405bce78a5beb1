"""Values of the streams context: what Livepeer gives back, what the owner sees, deliveries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from streamz.core.live.entities import ChannelStream


@dataclass(frozen=True, slots=True)
class ProviderStream:
    """A stream at Livepeer: its id, its secret key and the id viewers play it with."""

    id: str
    stream_key: str
    playback_id: str


@dataclass(frozen=True, slots=True)
class LivepeerConfig:
    """How this deployment talks to Livepeer (from settings).

    ``webhook_secret`` None: webhooks are refused (``LivepeerNotConfigured``). The URLs build
    what the owner's encoder needs: ``rtmp_url`` + ``/`` + key, ``srt_url`` + ``?streamid=`` +
    key, and ``playback_url`` + ``/<playbackId>/index.m3u8``.
    """

    webhook_secret: str | None = None
    rtmp_url: str = "rtmp://rtmp.livepeer.com/live"
    srt_url: str = "srt://rtmp.livepeer.com:2935"
    playback_url: str = "https://livepeercdn.studio/hls"
    tolerance_seconds: int = 300  # signed timestamps further off than this are refused

    def playback(self, playback_id: str) -> str:
        return f"{self.playback_url.rstrip('/')}/{playback_id}/index.m3u8"


@dataclass(frozen=True, slots=True)
class StreamKey:
    """What the owner's encoder needs. Secret: only ever shown to the owner (and the CLI)."""

    stream: ChannelStream
    rtmp_server: str
    rtmp_url: str  # server + key: one field for encoders that take a full URL
    srt_url: str
    playback_url: str

    @classmethod
    def of(cls, stream: ChannelStream, config: LivepeerConfig) -> StreamKey:
        server = config.rtmp_url.rstrip("/")
        return cls(
            stream=stream,
            rtmp_server=server,
            rtmp_url=f"{server}/{stream.stream_key}",
            srt_url=f"{config.srt_url.rstrip('/')}?streamid={stream.stream_key}",
            playback_url=config.playback(stream.playback_id),
        )


@dataclass(frozen=True, slots=True)
class StreamIngest:
    """A channel's stream without its key (what staff may read)."""

    channel_id: uuid.UUID
    livepeer_stream_id: str
    playback_id: str
    playback_url: str
    rtmp_server: str
    srt_server: str
    live: bool
    created_at: datetime
    key_rotated_at: datetime | None


class LivepeerEvents:
    """The webhook events Streamz acts on; every other event is stored and ignored."""

    STARTED = "stream.started"
    IDLE = "stream.idle"
    RECORDING_READY = "recording.ready"
    HANDLED = (STARTED, IDLE, RECORDING_READY)


@dataclass(frozen=True, slots=True)
class LivepeerDelivery:
    """One webhook delivery, stored once by Livepeer's event ``id``.

    ``occurred_at``: when Livepeer says the event happened (its ``createdAt``), which orders
    deliveries that arrive out of order. ``error``: why a processed delivery changed nothing.
    """

    id: str
    event: str
    stream_id: str | None
    payload: dict[str, Any]
    occurred_at: datetime
    received_at: datetime
    processed_at: datetime | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class WebhookReceipt:
    id: str
    event: str
    duplicate: bool  # the same event id was received before: nothing new was stored


@dataclass(frozen=True, slots=True)
class Recording:
    """What ``recording.ready`` says about a broadcast's recording."""

    asset_id: str
    session_id: str
    playback_url: str
    duration_seconds: int
    thumbnail_url: str | None
    session_started_at: datetime | None
    last_seen_at: datetime | None


@dataclass(frozen=True, slots=True)
class EventOutcome:
    """What processing a delivery did: ``applied`` (something changed) and a stable word."""

    event_id: str
    event: str
    outcome: str
    applied: bool
    already_processed: bool = False


@dataclass(frozen=True, slots=True)
class SweepResult:
    events: int  # deliveries enqueued again
    assets: int  # asset deletions enqueued again
