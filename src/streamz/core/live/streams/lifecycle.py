"""How Livepeer's ``stream.started``, ``stream.idle`` and ``recording.ready`` change the
livestreams of a channel, whatever order they arrive in.

Each delivery carries the time Livepeer says it happened (``occurred_at``); the rules use that
time, never the arrival order, and every processed delivery stays in the log, so a late one
can be reconciled with those that came before it:

- ``stream.started`` at T:
  - a livestream of the channel covers T (started at T, or started before T and not ended by
    T): a duplicate, or a restart while live whose idle is still on its way. Ignored
    (``already-live``); if that idle comes, the start is taken up then (see below).
  - otherwise a livestream starts at T, with the channel's stream info (title, category, tags,
    language, mature). It ends at once if the stream's next ``stream.idle`` after T was
    already received, or when the channel's next livestream started, whichever is first
    (``ended-on-arrival``: an idle that came before its start, or a late stale start).
    Otherwise it is live: ``channels.is_live`` becomes true and ``stream.online`` and
    ``notify.channel_live`` go to the outbox (``live``).
- ``stream.idle`` at T:
  - the live livestream started by T: it ends at T (``ended_at``, the peak keeps the highest
    viewer count), ``channels.is_live`` becomes false and ``stream.offline`` goes out
    (``ended``).
  - otherwise, an ended livestream that spans T (it was closed by a later idle, or by the next
    start): it ends at T instead (``end-corrected``).
  - otherwise an idle of an older broadcast while live (``stale-idle``), or, when not live,
    kept for a start that may still come (``idle-before-start``).
  - after ending or correcting at T, a start received meanwhile after T (one ignored as
    ``already-live``) is applied now, so a restart is never lost.
- ``recording.ready``: a VOD of the recording's asset (playback URL, duration, thumbnail),
  linked to the channel's livestream the recorded session overlaps, with its title; the
  livestream keeps the session id. The same asset twice: ``duplicate-recording``. A recording
  may come before the idle of its livestream (the livestream stays live until the idle); one
  that comes before its stream's start is kept unlinked.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from streamz.core.channels.entities import Channel
from streamz.core.live.entities import Livestream, Vod, VodVisibility
from streamz.core.live.streams.entities import LivepeerDelivery, LivepeerEvents
from streamz.core.live.streams.events import (
    NOTIFY_CHANNEL_LIVE,
    STREAM_OFFLINE,
    STREAM_ONLINE,
    VOD_CREATED,
)
from streamz.core.live.streams.payloads import recording_of
from streamz.core.shared.events import Event
from streamz.core.shared.ids import new_id
from streamz.ports.clock import Clock
from streamz.ports.streams import LivepeerEventLog, LivestreamWrites, VodWrites
from streamz.ports.unit_of_work import UnitOfWork

APPLIED = ("live", "ended-on-arrival", "ended", "end-corrected", "vod-created")


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """The rules above, for one channel whose stream work is locked by the caller."""

    livestreams: LivestreamWrites
    vods: VodWrites
    events: LivepeerEventLog
    uow: UnitOfWork
    clock: Clock

    async def apply(self, channel: Channel, delivery: LivepeerDelivery) -> str:
        stream_id = delivery.stream_id or ""
        if delivery.event == LivepeerEvents.STARTED:
            return await self.start(channel, stream_id, delivery.occurred_at)
        if delivery.event == LivepeerEvents.IDLE:
            return await self.idle(channel, stream_id, delivery.occurred_at)
        return await self.recording(channel, delivery)

    async def start(self, channel: Channel, stream_id: str, at: datetime) -> str:
        if await self.livestreams.covers(channel.id, at):
            return "already-live"
        idle = await self.events.first_after(stream_id, LivepeerEvents.IDLE, at)
        following = await self.livestreams.next_start(channel.id, at)
        ends = [t for t in (idle, following) if t is not None]
        info = await self.livestreams.stream_info(channel.id)
        livestream = Livestream(
            id=new_id(),
            channel_id=channel.id,
            livepeer_stream_id=stream_id,
            title=info.title,
            category_id=info.category_id,
            tags=info.tags,
            language=info.language,
            mature=info.mature,
            started_at=at,
            ended_at=min(ends) if ends else None,
        )
        await self.livestreams.add(livestream)
        if livestream.ended_at is not None:
            return "ended-on-arrival"
        await self.livestreams.set_channel_live(channel.id, True)
        now = self.clock.now()
        self.uow.record(Event(STREAM_ONLINE, str(channel.id), _online(livestream), now))
        self.uow.record(
            Event(
                NOTIFY_CHANNEL_LIVE,
                str(channel.id),
                {
                    "channel_id": str(channel.id),
                    "livestream_id": str(livestream.id),
                    "slug": channel.slug,
                    "display_name": channel.display_name,
                    "title": livestream.title,
                    "category_id": _text(livestream.category_id),
                    "started_at": livestream.started_at.isoformat(),
                },
                now,
            )
        )
        return "live"

    async def idle(self, channel: Channel, stream_id: str, at: datetime) -> str:
        live = await self.livestreams.live(channel.id)
        if live is not None and live.started_at <= at:
            ended = await self.livestreams.end(live.id, at)
            await self.livestreams.set_channel_live(channel.id, False)
            self.uow.record(
                Event(STREAM_OFFLINE, str(channel.id), _offline(ended), self.clock.now())
            )
            outcome = "ended"
        else:
            spanning = await self.livestreams.spanning(channel.id, at)
            if spanning is None:
                return "stale-idle" if live is not None else "idle-before-start"
            await self.livestreams.end(spanning.id, at)
            outcome = "end-corrected"
        restart = await self.events.first_after(stream_id, LivepeerEvents.STARTED, at)
        if restart is not None:
            await self.start(channel, stream_id, restart)
        return outcome

    async def recording(self, channel: Channel, delivery: LivepeerDelivery) -> str:
        recording = recording_of(delivery.payload)
        if recording is None:  # checked at intake; kept for deliveries stored before
            return "malformed-recording"
        last_seen = recording.last_seen_at or delivery.occurred_at
        started = recording.session_started_at or last_seen
        livestream = await self.livestreams.for_recording(channel.id, started, last_seen)
        now = self.clock.now()
        duration = recording.duration_seconds
        if not duration and livestream is not None:
            duration = livestream.duration_seconds or 0
        vod = Vod(
            id=new_id(),
            channel_id=channel.id,
            livestream_id=livestream.id if livestream else None,
            livepeer_asset_id=recording.asset_id,
            title=livestream.title if livestream else "",
            visibility=VodVisibility.PUBLIC,
            playback_url=recording.playback_url,
            thumbnail_url=recording.thumbnail_url,
            duration_seconds=duration,
            created_at=now,
            updated_at=now,
        )
        if not await self.vods.add(vod):
            return "duplicate-recording"
        if livestream is not None:
            await self.livestreams.set_session(livestream.id, recording.session_id)
        self.uow.record(
            Event(
                VOD_CREATED,
                str(channel.id),
                {
                    "channel_id": str(channel.id),
                    "vod_id": str(vod.id),
                    "livestream_id": _text(vod.livestream_id),
                    "duration_seconds": vod.duration_seconds,
                },
                now,
            )
        )
        return "vod-created"


def _text(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


def _online(livestream: Livestream) -> dict[str, object]:
    return {
        "channel_id": str(livestream.channel_id),
        "livestream_id": str(livestream.id),
        "title": livestream.title,
        "category_id": _text(livestream.category_id),
        "tags": list(livestream.tags),
        "language": livestream.language,
        "mature": livestream.mature,
        "started_at": livestream.started_at.isoformat(),
    }


def _offline(ended: Livestream) -> dict[str, object]:
    return {
        "channel_id": str(ended.channel_id),
        "livestream_id": str(ended.id),
        "started_at": ended.started_at.isoformat(),
        "ended_at": ended.ended_at.isoformat() if ended.ended_at else None,
        "duration_seconds": ended.duration_seconds,
        "peak_viewers": ended.peak_viewers,
    }
