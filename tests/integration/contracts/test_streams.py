"""Contract of the streams ports (``ChannelStreamRepository``, ``LivestreamWrites``,
``VodWrites``, ``LivepeerEventLog``): memory and Postgres store and answer the same."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from streamz.adapters.memory.directory import MemoryStreamInfo
from streamz.adapters.memory.repositories import MemoryChannels
from streamz.adapters.memory.streams import (
    MemoryChannelStreams,
    MemoryLivepeerEvents,
    MemoryLivestreamWrites,
    MemoryVodWrites,
)
from streamz.adapters.postgres.channels import PostgresChannels
from streamz.adapters.postgres.directory import PostgresStreamInfo
from streamz.adapters.postgres.streams import (
    PostgresChannelStreams,
    PostgresLivepeerEvents,
    PostgresLivestreamWrites,
    PostgresVodWrites,
)
from streamz.core.channels.entities import Channel
from streamz.core.errors import Conflict
from streamz.core.live.entities import ChannelStream, Livestream, StreamInfo, Vod
from streamz.core.live.streams.entities import LivepeerDelivery
from streamz.core.shared.ids import new_id
from streamz.ports.directory import StreamInfoStore
from streamz.ports.streams import (
    ChannelStreamRepository,
    LivepeerEventLog,
    LivestreamWrites,
    VodWrites,
)

from .conftest import T0, Backend, on

H = timedelta(hours=1)


def streams(backend: Backend, unit: Any) -> ChannelStreamRepository:
    repo: ChannelStreamRepository = on(backend, unit, MemoryChannelStreams, PostgresChannelStreams)
    return repo


def writes(backend: Backend, unit: Any) -> LivestreamWrites:
    repo: LivestreamWrites = on(backend, unit, MemoryLivestreamWrites, PostgresLivestreamWrites)
    return repo


def vods(backend: Backend, unit: Any) -> VodWrites:
    repo: VodWrites = on(backend, unit, MemoryVodWrites, PostgresVodWrites)
    return repo


def events(backend: Backend, unit: Any) -> LivepeerEventLog:
    repo: LivepeerEventLog = on(backend, unit, MemoryLivepeerEvents, PostgresLivepeerEvents)
    return repo


def broadcast(channel: Channel, start: datetime, **changes: Any) -> Livestream:
    livestream = Livestream(
        id=new_id(),
        channel_id=channel.id,
        livepeer_stream_id="lp-1",
        title="Speedrun",
        category_id=None,
        tags=("any-percent", "pb"),
        language="en-GB",
        mature=False,
        started_at=start,
    )
    return replace(livestream, **changes)


async def add_broadcasts(backend: Backend, *livestreams: Livestream) -> None:
    await backend.release()
    unit = backend.unit()
    for livestream in livestreams:
        await writes(backend, unit).add(livestream)
    await unit.commit()


async def test_a_channel_stream_is_saved_replaced_and_found_by_livepeer_id(
    backend: Backend,
) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    first = ChannelStream(channel.id, "lp-1", "key-1", "play-1", T0)
    await backend.release()
    unit = backend.unit()
    await streams(backend, unit).save(first)
    await unit.commit()
    await backend.release()
    assert await streams(backend, backend.unit()).get(channel.id) == first

    rotated = ChannelStream(channel.id, "lp-2", "key-2", "play-2", T0 + H, T0 + H)
    await add_broadcasts(backend, broadcast(channel, T0, livepeer_stream_id="lp-1", ended_at=T0))
    await backend.release()
    unit = backend.unit()
    await streams(backend, unit).save(rotated)
    await unit.commit()

    await backend.release()
    repo = streams(backend, backend.unit())
    assert await repo.get(channel.id) == rotated
    assert await repo.get(new_id()) is None
    assert await repo.channel_of("lp-2") == channel.id  # its current stream
    assert await repo.channel_of("lp-1") == channel.id  # rotated away: its past broadcasts
    assert await repo.channel_of("lp-unknown") is None


async def test_a_livepeer_stream_belongs_to_one_channel(backend: Backend) -> None:
    one, two = (await backend.seed(accounts=2, channels=2)).channels
    await backend.release()
    unit = backend.unit()
    await streams(backend, unit).save(ChannelStream(one.id, "lp-1", "k1", "p1", T0))
    await unit.commit()

    await backend.release()
    with pytest.raises(Conflict):
        await streams(backend, backend.unit()).save(ChannelStream(two.id, "lp-1", "k2", "p2", T0))


async def test_the_stream_lock_queues_a_second_worker_of_the_channel(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    first, second = backend.unit(), backend.unit()
    await streams(backend, first).lock(channel.id)
    if backend.name == "postgres":  # memory runs one unit at a time: nothing to wait for
        waiting = asyncio.create_task(streams(backend, second).lock(channel.id))
        await asyncio.sleep(0.3)
        assert not waiting.done()
        await first.rollback()
        await asyncio.wait_for(waiting, 10)
    await streams(backend, backend.unit()).lock(new_id())  # another channel: no wait


async def test_a_livestream_is_live_until_it_ends_and_ends_with_its_peak(
    backend: Backend,
) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    live = broadcast(channel, T0, viewers=120, peak_viewers=90)
    await add_broadcasts(backend, live)

    await backend.release()
    unit = backend.unit()
    assert await writes(backend, unit).live(channel.id) == live
    ended = await writes(backend, unit).end(live.id, T0 + 2 * H)
    assert ended == replace(live, ended_at=T0 + 2 * H, peak_viewers=120)
    await unit.commit()

    await backend.release()
    repo = writes(backend, backend.unit())
    assert await repo.live(channel.id) is None
    assert await repo.spanning(channel.id, T0 + H) == ended
    with pytest.raises(LookupError):
        await repo.end(new_id(), T0)


async def test_one_live_livestream_per_channel(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    await add_broadcasts(backend, broadcast(channel, T0))

    await backend.release()
    with pytest.raises(Conflict):
        await writes(backend, backend.unit()).add(broadcast(channel, T0 + H))


async def test_the_timeline_questions_of_late_deliveries(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    early = broadcast(channel, T0, ended_at=T0 + H)
    later = broadcast(channel, T0 + 3 * H, ended_at=T0 + 4 * H)
    now = broadcast(channel, T0 + 6 * H)
    await add_broadcasts(backend, early, later, now)

    await backend.release()
    repo = writes(backend, backend.unit())
    # covers: a start at `at` would be stale or a duplicate
    assert await repo.covers(channel.id, T0)  # same start
    assert await repo.covers(channel.id, T0 + H / 2)  # inside the early one
    assert not await repo.covers(channel.id, T0 + H)  # it ended exactly then
    assert not await repo.covers(channel.id, T0 + 2 * H)  # a gap
    assert await repo.covers(channel.id, T0 + 7 * H)  # the live one
    # next_start: the first start after `at`
    assert await repo.next_start(channel.id, T0) == T0 + 3 * H
    assert await repo.next_start(channel.id, T0 + 6 * H) is None
    # spanning: an ended one that started by `at` and ended after it
    assert await repo.spanning(channel.id, T0 + 3 * H) == later
    assert await repo.spanning(channel.id, T0 + 4 * H) is None
    assert await repo.spanning(channel.id, T0 + 7 * H) is None  # live ones do not span
    # for_recording: the latest that started by last_seen and had not ended before started
    assert await repo.for_recording(channel.id, T0 + H / 2, T0 + 2 * H) == early
    assert await repo.for_recording(channel.id, T0 + H, T0 + 5 * H) == later
    assert await repo.for_recording(channel.id, T0 + 5 * H, T0 + 8 * H) == now
    assert await repo.for_recording(channel.id, T0 - 2 * H, T0 - H) is None


async def test_the_session_id_is_set_once_and_cut_to_64(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    live = broadcast(channel, T0)
    await add_broadcasts(backend, live)

    await backend.release()
    unit = backend.unit()
    await writes(backend, unit).set_session(live.id, "s" * 70)
    await writes(backend, unit).set_session(live.id, "second")
    await writes(backend, unit).set_session(new_id(), "nobody")  # unknown: nothing happens
    await unit.commit()
    await backend.release()
    found = await writes(backend, backend.unit()).live(channel.id)
    assert found is not None
    assert found.livepeer_session_id == "s" * 64


async def test_stream_info_defaults_until_written_and_is_live_flips(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    await backend.release()
    assert await writes(backend, backend.unit()).stream_info(channel.id) == StreamInfo(channel.id)

    info = StreamInfo(channel.id, "Title", None, ("a", "b"), "fr", True, T0)
    await backend.release()
    unit = backend.unit()
    store: StreamInfoStore = on(backend, unit, MemoryStreamInfo, PostgresStreamInfo)
    await store.save(info)
    await writes(backend, unit).set_channel_live(channel.id, True)
    await unit.commit()

    await backend.release()
    unit = backend.unit()
    assert await writes(backend, unit).stream_info(channel.id) == info
    channels = on(backend, unit, MemoryChannels, PostgresChannels)
    assert await channels.get(channel.id) == replace(channel, is_live=True)


def recording(channel: Channel, asset: str, **changes: Any) -> Vod:
    vod = Vod(
        id=new_id(),
        channel_id=channel.id,
        livestream_id=None,
        livepeer_asset_id=asset,
        title="Highlights",
        visibility="public",
        playback_url=f"https://cdn.test/{asset}.m3u8",
        thumbnail_url=None,
        duration_seconds=3600,
        created_at=T0,
        updated_at=T0,
    )
    return replace(vod, **changes)


async def test_a_vod_is_stored_once_per_asset_and_deleted_once(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    live = broadcast(channel, T0, ended_at=T0 + H)
    await add_broadcasts(backend, live)
    vod = recording(channel, "asset-1", livestream_id=live.id, thumbnail_url="https://t/1.jpg")

    await backend.release()
    unit = backend.unit()
    assert await vods(backend, unit).add(vod)
    assert not await vods(backend, unit).add(recording(channel, "asset-1"))
    await unit.commit()
    await backend.release()
    assert await vods(backend, backend.unit()).get(vod.id) == vod

    await backend.release()
    unit = backend.unit()
    await vods(backend, unit).soft_delete(vod.id, T0 + H)
    await vods(backend, unit).soft_delete(vod.id, T0 + 2 * H)  # already deleted: kept
    await vods(backend, unit).asset_deleted(vod.id, T0 + 3 * H)
    await vods(backend, unit).asset_deleted(vod.id, T0 + 4 * H)
    await vods(backend, unit).soft_delete(new_id(), T0)  # unknown: nothing happens
    await vods(backend, unit).asset_deleted(new_id(), T0)
    await unit.commit()
    await backend.release()
    assert await vods(backend, backend.unit()).get(vod.id) == replace(
        vod, deleted_at=T0 + H, updated_at=T0 + H, asset_deleted_at=T0 + 3 * H
    )


async def test_pending_asset_deletions_oldest_deletion_first(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    late = recording(channel, "a-late", deleted_at=T0 + 2 * H)
    early = recording(channel, "a-early", deleted_at=T0 + H)
    done = recording(channel, "a-done", deleted_at=T0, asset_deleted_at=T0)
    kept = recording(channel, "a-kept")
    await backend.release()
    unit = backend.unit()
    for vod in (late, early, done, kept):
        await vods(backend, unit).add(vod)
    await unit.commit()

    await backend.release()
    repo = vods(backend, backend.unit())
    assert await repo.pending_asset_deletions(T0 + 3 * H, 10) == [early.id, late.id]
    assert await repo.pending_asset_deletions(T0 + 3 * H, 1) == [early.id]
    assert await repo.pending_asset_deletions(T0 + 2 * H, 10) == [early.id]  # strictly before


def delivery(event_id: str, event: str, occurred: datetime, **changes: Any) -> LivepeerDelivery:
    made = LivepeerDelivery(
        event_id,
        event,
        "lp-1",
        {"id": event_id, "event": event, "stream": {"id": "lp-1"}},
        occurred,
        occurred + timedelta(seconds=1),
    )
    return replace(made, **changes)


async def test_a_delivery_is_stored_once_and_marked_done(backend: Backend) -> None:
    started = delivery("ev-1", "stream.started", T0)
    await backend.release()
    unit = backend.unit()
    assert await events(backend, unit).add(started)
    assert not await events(backend, unit).add(delivery("ev-1", "stream.idle", T0 + H))
    await unit.commit()

    await backend.release()
    unit = backend.unit()
    assert await events(backend, unit).get("ev-1", lock=True) == started
    await events(backend, unit).done("ev-1", T0 + H, "stale")
    await events(backend, unit).done("ev-unknown", T0 + H, None)  # nothing happens
    await unit.commit()
    await backend.release()
    after = await events(backend, backend.unit()).get("ev-1")
    assert after == replace(started, processed_at=T0 + H, error="stale")
    await backend.release()
    assert await events(backend, backend.unit()).get("ev-2") is None


async def test_pending_and_first_after_read_the_log_in_time_order(backend: Backend) -> None:
    await backend.release()
    unit = backend.unit()
    log = events(backend, unit)
    await log.add(delivery("b", "stream.idle", T0 + 2 * H, processed_at=T0 + 3 * H))
    await log.add(delivery("a", "stream.idle", T0 + H, processed_at=T0 + 3 * H))
    await log.add(delivery("c", "stream.idle", T0 + 4 * H))  # not processed
    await log.add(delivery("d", "stream.started", T0 + H / 2))
    await log.add(delivery("e", "stream.idle", T0, stream_id=None))
    await unit.commit()

    await backend.release()
    log = events(backend, backend.unit())
    assert await log.first_after("lp-1", "stream.idle", T0) == T0 + H
    assert await log.first_after("lp-1", "stream.idle", T0 + H) == T0 + 2 * H
    assert await log.first_after("lp-1", "stream.idle", T0 + 2 * H) is None  # c is pending
    assert await log.first_after("lp-2", "stream.idle", T0) is None
    assert await log.pending(T0 + 5 * H, 10) == ["e", "d", "c"]  # by received_at
    assert await log.pending(T0 + 5 * H, 2) == ["e", "d"]
    assert await log.pending(T0 + H, 10) == ["e", "d"]


async def test_rows_of_an_unknown_channel_are_refused(backend: Backend) -> None:
    (channel,) = (await backend.seed(accounts=1)).channels
    nobody = replace(channel, id=new_id())
    stream = ChannelStream(nobody.id, "lp-9", "k", "p", T0)
    await backend.release()
    with pytest.raises(Conflict):
        await streams(backend, backend.unit()).save(stream)
    await backend.release()
    with pytest.raises(Conflict):
        await writes(backend, backend.unit()).add(broadcast(nobody, T0))
    await backend.release()
    with pytest.raises(Conflict):
        await vods(backend, backend.unit()).add(recording(nobody, "asset-9"))
    await backend.release()
    with pytest.raises(Conflict):
        await vods(backend, backend.unit()).add(
            recording(channel, "asset-8", livestream_id=new_id())
        )
