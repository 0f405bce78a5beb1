"""stream.started / stream.idle / recording.ready: the happy path and every out-of-order or
duplicate delivery leaves the channel's livestreams, live flag and VODs right."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from streamz.core.channels.entities import Channel
from streamz.core.errors import Forbidden
from streamz.core.live.streams.process_event import ProcessLivepeerEventRequest
from streamz.core.live.streams.rotate_stream_key import RotateStreamKeyRequest
from tests.unit.support import ANONYMOUS, SYSTEM, fails, user

from .support import Streams


@pytest.fixture
def s() -> Streams:
    return Streams()


def at(s: Streams, minutes: float) -> datetime:
    """A moment relative to the start of the test (the clock moves on meanwhile)."""
    return s.base + timedelta(minutes=minutes)


async def setup(s: Streams) -> tuple[Channel, str]:
    _, channel, key = await s.streamer()
    s.base = s.now()
    s.tick(3600)  # deliveries arrive later than they happened: occurred_at is what counts
    return channel, key.stream.livepeer_stream_id


async def test_created_live_idle_vod(s: Streams) -> None:
    channel, stream = await setup(s)
    category = uuid.uuid4()
    s.set_info(channel, title="Speedrun", category_id=category, tags=("any",), mature=True)
    started = await s.apply(s.body("stream.started", stream, at(s, 0)))
    assert (started.outcome, started.applied) == ("live", True)
    [live] = s.livestreams(channel)
    assert (live.title, live.category_id, live.tags, live.mature) == (
        "Speedrun",
        category,
        ("any",),
        True,
    )
    assert (live.started_at, live.ended_at, live.livepeer_stream_id) == (at(s, 0), None, stream)
    assert s.is_live(channel)
    [online] = s.payloads("stream.online")
    assert online["channel_id"] == str(channel.id)
    assert online["livestream_id"] == str(live.id)
    [notify] = s.payloads("notify.channel_live")
    assert (notify["channel_id"], notify["livestream_id"], notify["slug"]) == (
        str(channel.id),
        str(live.id),
        "alice",
    )

    s.set_viewers(live, viewers=40, peak=25)
    idle = await s.apply(s.body("stream.idle", stream, at(s, 90)))
    assert (idle.outcome, idle.applied) == ("ended", True)
    [ended] = s.livestreams(channel)
    assert (ended.ended_at, ended.duration_seconds, ended.peak_viewers) == (at(s, 90), 5400, 40)
    assert not s.is_live(channel)
    [offline] = s.payloads("stream.offline")
    assert (offline["channel_id"], offline["livestream_id"]) == (str(channel.id), str(live.id))
    assert (offline["duration_seconds"], offline["peak_viewers"]) == (5400, 40)

    ready = await s.apply(s.recording(stream, at(s, -0.1), at(s, 89.9), duration=5393.6))
    assert (ready.outcome, ready.applied) == ("vod-created", True)
    [vod] = s.vods()
    assert (vod.channel_id, vod.livestream_id, vod.title, vod.visibility) == (
        channel.id,
        live.id,
        "Speedrun",
        "public",
    )
    assert vod.duration_seconds == 5394
    assert vod.playback_url.endswith("/index.m3u8")
    assert vod.thumbnail_url is not None
    assert vod.thumbnail_url.endswith("/thumb.png")
    assert s.livestreams(channel)[0].livepeer_session_id == vod.livepeer_asset_id
    assert s.payloads("vod.created")[0]["vod_id"] == str(vod.id)
    assert s.topics()[-4:] == [
        "stream.online",
        "notify.channel_live",
        "stream.offline",
        "vod.created",
    ]


async def test_a_job_run_twice_applies_once(s: Streams) -> None:
    channel, stream = await setup(s)
    body = s.body("stream.started", stream, at(s, 0))
    await s.deliver(body)
    first = await s.process()(ProcessLivepeerEventRequest(SYSTEM, body["id"]))
    second = await s.process()(ProcessLivepeerEventRequest(SYSTEM, body["id"]))
    assert (first.outcome, first.already_processed) == ("live", False)
    assert (second.outcome, second.applied, second.already_processed) == ("applied", False, True)
    assert len(s.livestreams(channel)) == 1
    assert s.topics().count("stream.online") == 1


async def test_idle_before_started(s: Streams) -> None:
    channel, stream = await setup(s)
    idle = await s.apply(s.body("stream.idle", stream, at(s, 30)))
    assert (idle.outcome, idle.applied) == ("idle-before-start", False)
    assert s.livestreams(channel) == []
    started = await s.apply(s.body("stream.started", stream, at(s, 0)))
    assert (started.outcome, started.applied) == ("ended-on-arrival", True)
    [ls] = s.livestreams(channel)
    assert (ls.started_at, ls.ended_at) == (at(s, 0), at(s, 30))
    assert not s.is_live(channel)
    assert "stream.online" not in s.topics()  # never announced: it was over already
    assert "notify.channel_live" not in s.topics()
    # a later broadcast is unaffected by that early idle
    again = await s.apply(s.body("stream.started", stream, at(s, 60)))
    assert again.outcome == "live"
    assert s.is_live(channel)


async def test_started_twice_then_idle(s: Streams) -> None:
    channel, stream = await setup(s)
    await s.apply(s.body("stream.started", stream, at(s, 0)))
    same = await s.apply(s.body("stream.started", stream, at(s, 0)))  # a new id, same moment
    later = await s.apply(s.body("stream.started", stream, at(s, 2)))  # still the same session
    assert (same.outcome, later.outcome) == ("already-live", "already-live")
    assert [ls.started_at for ls in s.livestreams(channel)] == [at(s, 0)]
    assert s.topics().count("stream.online") == 1
    await s.apply(s.body("stream.idle", stream, at(s, 10)))
    [ls] = s.livestreams(channel)
    assert (ls.started_at, ls.ended_at) == (at(s, 0), at(s, 10))
    assert not s.is_live(channel)


async def test_an_idle_of_an_older_broadcast_is_ignored(s: Streams) -> None:
    channel, stream = await setup(s)
    await s.apply(s.body("stream.started", stream, at(s, 10)))
    stale = await s.apply(s.body("stream.idle", stream, at(s, 5)))
    assert (stale.outcome, stale.applied) == ("stale-idle", False)
    assert s.is_live(channel)
    assert s.delivery(stale.event_id).error == "stale-idle"


async def test_idle_twice(s: Streams) -> None:
    channel, stream = await setup(s)
    await s.apply(s.body("stream.started", stream, at(s, 0)))
    await s.apply(s.body("stream.idle", stream, at(s, 10)))
    again = await s.apply(s.body("stream.idle", stream, at(s, 10)))
    assert again.outcome == "idle-before-start"
    [ls] = s.livestreams(channel)
    assert ls.ended_at == at(s, 10)
    assert s.topics().count("stream.offline") == 1


async def test_a_restart_whose_idle_comes_late(s: Streams) -> None:
    """started(0), started(5) while live, then idle(4): two broadcasts, the second live."""
    channel, stream = await setup(s)
    await s.apply(s.body("stream.started", stream, at(s, 0)))
    restart = await s.apply(s.body("stream.started", stream, at(s, 5)))
    assert restart.outcome == "already-live"
    idle = await s.apply(s.body("stream.idle", stream, at(s, 4)))
    assert idle.outcome == "ended"
    first, second = s.livestreams(channel)
    assert (first.started_at, first.ended_at) == (at(s, 0), at(s, 4))
    assert (second.started_at, second.ended_at) == (at(s, 5), None)
    assert s.is_live(channel)
    assert s.topics()[-2:] == ["stream.online", "notify.channel_live"]


async def test_a_late_idle_corrects_an_end(s: Streams) -> None:
    """started(0), started(6), idle(9), then idle(4): [0, 4] and [6, 9]."""
    channel, stream = await setup(s)
    await s.apply(s.body("stream.started", stream, at(s, 0)))
    await s.apply(s.body("stream.started", stream, at(s, 6)))
    await s.apply(s.body("stream.idle", stream, at(s, 9)))
    late = await s.apply(s.body("stream.idle", stream, at(s, 4)))
    assert (late.outcome, late.applied) == ("end-corrected", True)
    spans = [(ls.started_at, ls.ended_at) for ls in s.livestreams(channel)]
    assert spans == [(at(s, 0), at(s, 4)), (at(s, 6), at(s, 9))]
    assert not s.is_live(channel)


async def test_a_late_start_of_an_older_broadcast(s: Streams) -> None:
    """idle(4), started(5), then started(0): [0, 4] recorded, [5, ...) still live."""
    channel, stream = await setup(s)
    await s.apply(s.body("stream.idle", stream, at(s, 4)))
    await s.apply(s.body("stream.started", stream, at(s, 5)))
    late = await s.apply(s.body("stream.started", stream, at(s, 0)))
    assert late.outcome == "ended-on-arrival"
    spans = [(ls.started_at, ls.ended_at) for ls in s.livestreams(channel)]
    assert spans == [(at(s, 0), at(s, 4)), (at(s, 5), None)]
    assert s.is_live(channel)
    assert s.topics().count("stream.online") == 1


async def test_a_stale_start_is_bounded_by_the_next_broadcast(s: Streams) -> None:
    channel, stream = await setup(s)
    await s.apply(s.body("stream.started", stream, at(s, 10)))
    late = await s.apply(s.body("stream.started", stream, at(s, 0)))
    assert late.outcome == "ended-on-arrival"
    spans = [(ls.started_at, ls.ended_at) for ls in s.livestreams(channel)]
    assert spans == [(at(s, 0), at(s, 10)), (at(s, 10), None)]
    assert s.is_live(channel)


async def test_recording_before_idle(s: Streams) -> None:
    channel, stream = await setup(s)
    s.set_info(channel, title="Late recording")
    await s.apply(s.body("stream.started", stream, at(s, 0)))
    ready = await s.apply(s.recording(stream, at(s, 0), at(s, 20), duration=1200))
    assert ready.outcome == "vod-created"
    [live] = s.livestreams(channel)
    [vod] = s.vods()
    assert (vod.livestream_id, vod.title, vod.duration_seconds) == (live.id, "Late recording", 1200)
    assert s.is_live(channel)  # the idle decides when the broadcast ends
    await s.apply(s.body("stream.idle", stream, at(s, 21)))
    assert not s.is_live(channel)
    assert s.livestreams(channel)[0].livepeer_session_id == vod.livepeer_asset_id


async def test_recording_twice_makes_one_vod(s: Streams) -> None:
    _, stream = await setup(s)
    await s.apply(s.body("stream.started", stream, at(s, 0)))
    await s.apply(s.body("stream.idle", stream, at(s, 5)))
    body = s.recording(stream, at(s, 0), at(s, 5))
    await s.apply(body)
    body["id"] = "another-delivery-of-the-same-asset"
    again = await s.apply(body)
    assert (again.outcome, again.applied) == ("duplicate-recording", False)
    [vod] = s.vods()
    assert vod.duration_seconds == 300  # none in the payload: the livestream's
    assert s.topics().count("vod.created") == 1


async def test_a_recording_links_to_the_broadcast_it_overlaps(s: Streams) -> None:
    channel, stream = await setup(s)
    for start, end in ((0, 10), (20, 30)):
        await s.apply(s.body("stream.started", stream, at(s, start)))
        await s.apply(s.body("stream.idle", stream, at(s, end)))
    first, second = s.livestreams(channel)
    await s.apply(s.recording(stream, at(s, 20), at(s, 30)))
    await s.apply(s.recording(stream, at(s, 0), at(s, 10)))
    assert [v.livestream_id for v in s.vods()] == [second.id, first.id]


async def test_a_recording_before_its_start_stays_unlinked(s: Streams) -> None:
    _, stream = await setup(s)
    await s.apply(s.body("stream.started", stream, at(s, 0)))
    await s.apply(s.body("stream.idle", stream, at(s, 10)))
    ready = await s.apply(s.recording(stream, at(s, 20), at(s, 30)))
    assert ready.outcome == "vod-created"
    [vod] = s.vods()
    assert (vod.livestream_id, vod.title) == (None, "")


async def test_deliveries_of_a_rotated_stream_still_find_the_channel(s: Streams) -> None:
    channel, old_stream = await setup(s)
    await s.apply(s.body("stream.started", old_stream, at(s, 0)))
    await s.apply(s.body("stream.idle", old_stream, at(s, 10)))
    alice = next(a for a in s.tables.accounts.values() if a.username == "alice")
    await s.rotate_key()(RotateStreamKeyRequest(user(alice), "alice"))
    ready = await s.apply(s.recording(old_stream, at(s, 0), at(s, 10)))
    assert ready.outcome == "vod-created"
    assert s.vods()[0].livestream_id == s.livestreams(channel)[0].id


async def test_only_the_system_processes(s: Streams) -> None:
    _, stream = await setup(s)
    body = s.body("stream.started", stream, at(s, 0))
    await s.deliver(body)
    await fails(
        s.world,
        s.process()(ProcessLivepeerEventRequest(ANONYMOUS, body["id"])),
        Forbidden,
        "forbidden",
    )
    unknown = await s.process()(ProcessLivepeerEventRequest(SYSTEM, "never-received"))
    assert (unknown.outcome, unknown.applied) == ("unknown-delivery", False)
