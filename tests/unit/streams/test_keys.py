"""Stream keys: created at Livepeer on first need, shown only to the owner, rotated by
replacing the Livepeer stream; staff read the stream without its key."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.errors import Forbidden, Unauthenticated
from streamz.core.identity.entities import Principal, PrincipalKind, Role, Scope
from streamz.core.live.entities import Livestream
from streamz.core.live.streams.errors import (
    ChannelStreamNotFound,
    LivepeerUnavailable,
    StreamIsLive,
    StreamKeyOwnerOnly,
)
from streamz.core.live.streams.get_stream_ingest import GetStreamIngestRequest
from streamz.core.live.streams.get_stream_key import GetStreamKeyRequest
from streamz.core.live.streams.rotate_stream_key import RotateStreamKeyRequest
from streamz.core.shared.ids import new_id
from tests.unit.support import ANONYMOUS, SYSTEM, fails, user

from .support import Streams


@pytest.fixture
def s() -> Streams:
    return Streams()


def staff(account_id: object) -> Principal:
    assert account_id is not None
    return Principal(PrincipalKind.STAFF, account_id, Role.STAFF)  # type: ignore[arg-type]


async def test_first_fetch_creates_the_stream_once(s: Streams) -> None:
    alice = await s.world.register("alice")
    key = await s.get_key()(GetStreamKeyRequest(user(alice), "alice"))
    again = await s.get_key()(GetStreamKeyRequest(user(alice), "ALICE"))
    assert s.livepeer.calls == ["create_stream"]
    assert again == key
    stream = key.stream
    assert stream.livepeer_stream_id in s.livepeer.streams
    assert stream.stream_key == s.livepeer.streams[stream.livepeer_stream_id].stream_key
    assert key.rtmp_server == "rtmp://rtmp.livepeer.com/live"
    assert key.rtmp_url == f"rtmp://rtmp.livepeer.com/live/{stream.stream_key}"
    assert key.srt_url == f"srt://rtmp.livepeer.com:2935?streamid={stream.stream_key}"
    assert key.playback_url == f"https://livepeercdn.studio/hls/{stream.playback_id}/index.m3u8"
    assert stream.key_rotated_at is None
    assert s.rows("channel_streams") == {stream.channel_id: stream}
    assert s.topics()[-1] == "stream.provisioned"
    assert stream.stream_key not in json.dumps([e.payload for e in s.tables.outbox])


async def test_the_system_may_fetch_a_key(s: Streams) -> None:
    await s.world.register("alice")
    key = await s.get_key()(GetStreamKeyRequest(SYSTEM, "alice"))
    assert key.stream.stream_key


async def test_a_token_needs_stream_write(s: Streams) -> None:
    alice = await s.world.register("alice")
    reader = Principal(PrincipalKind.TOKEN, alice.id, Role.USER, frozenset({Scope.CHAT_WRITE}))
    await fails(s.world, s.get_key()(GetStreamKeyRequest(reader, "alice")), Forbidden, "forbidden")
    writer = replace(reader, scopes=frozenset({Scope.STREAM_WRITE}))
    assert (await s.get_key()(GetStreamKeyRequest(writer, "alice"))).stream.stream_key


async def test_nobody_else_sees_the_key(s: Streams) -> None:
    alice = await s.world.register("alice")
    mod = await s.world.register("mod")
    bob = await s.world.register("bob")
    boss = await s.world.register("boss", role=Role.STAFF)
    await s.make_moderator(s.channel_of(alice), mod)
    for actor, error, code in (
        (user(mod), Forbidden, "forbidden"),
        (user(bob), Forbidden, "forbidden"),
        (user(boss), Forbidden, "forbidden"),  # staff on the Private API: a user like others
        (staff(boss.id), StreamKeyOwnerOnly, "stream-key-owner-only"),
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
    ):
        get = s.get_key()(GetStreamKeyRequest(actor, "alice"))
        await fails(s.world, get, error, code)
        rotate = s.rotate_key()(RotateStreamKeyRequest(actor, "alice"))
        await fails(s.world, rotate, error, code)
    await fails(
        s.world,
        s.get_key()(GetStreamKeyRequest(user(alice), "nobody")),
        ChannelNotFound,
        "channel-not-found",
    )
    assert s.livepeer.calls == []


async def test_livepeer_down_stores_nothing(s: Streams) -> None:
    alice = await s.world.register("alice")
    s.livepeer.fail("create_stream")
    await fails(
        s.world,
        s.get_key()(GetStreamKeyRequest(user(alice), "alice")),
        LivepeerUnavailable,
        "livepeer-unavailable",
    )
    key = await s.get_key()(GetStreamKeyRequest(user(alice), "alice"))  # retried later: fine
    assert list(s.livepeer.streams) == [key.stream.livepeer_stream_id]


async def test_rotation_replaces_the_livepeer_stream(s: Streams) -> None:
    alice, channel, old = await s.streamer()
    s.tick(60)
    new = await s.rotate_key()(RotateStreamKeyRequest(user(alice), "alice"))
    assert new.stream.stream_key != old.stream.stream_key
    assert new.stream.playback_id != old.stream.playback_id
    assert new.stream.key_rotated_at == s.now()
    assert s.livepeer.deleted_streams == [old.stream.livepeer_stream_id]
    assert list(s.livepeer.streams) == [new.stream.livepeer_stream_id]
    assert s.rows("channel_streams")[channel.id] == new.stream
    [entry] = s.rows("channel_audit_log").values()
    assert (entry.action, entry.acting_as, entry.details["livepeer_stream_id"]) == (
        "stream.key_rotated",
        "owner",
        new.stream.livepeer_stream_id,
    )
    assert s.topics()[-1] == "stream.key_rotated"
    dumped = json.dumps([e.payload for e in s.tables.outbox])
    assert new.stream.stream_key not in dumped
    assert old.stream.stream_key not in dumped


async def test_rotation_of_a_channel_without_stream_creates_one(s: Streams) -> None:
    await s.world.register("alice")
    key = await s.rotate_key()(RotateStreamKeyRequest(SYSTEM, "alice"))
    assert s.livepeer.calls == ["create_stream"]
    assert key.stream.key_rotated_at == s.now()


async def test_no_rotation_while_live(s: Streams) -> None:
    alice, channel, key = await s.streamer()
    s.rows("livestreams")[new_id()] = Livestream(
        new_id(), channel.id, key.stream.livepeer_stream_id, "", None, (), "en", False, s.now()
    )
    s.livepeer.calls.clear()
    await fails(
        s.world,
        s.rotate_key()(RotateStreamKeyRequest(user(alice), "alice")),
        StreamIsLive,
        "stream-live",
    )
    assert s.livepeer.calls == []


async def test_failed_rotation_changes_nothing(s: Streams) -> None:
    alice, _, old = await s.streamer()
    s.livepeer.fail("delete_stream")
    await fails(
        s.world,
        s.rotate_key()(RotateStreamKeyRequest(user(alice), "alice")),
        LivepeerUnavailable,
        "livepeer-unavailable",
    )
    # the new stream made in vain was deleted again; the old key still works
    assert list(s.livepeer.streams) == [old.stream.livepeer_stream_id]
    s.livepeer.fail("create_stream")
    await fails(
        s.world,
        s.rotate_key()(RotateStreamKeyRequest(user(alice), "alice")),
        LivepeerUnavailable,
        "livepeer-unavailable",
    )
    assert list(s.livepeer.streams) == [old.stream.livepeer_stream_id]


async def test_staff_read_the_stream_without_its_key(s: Streams) -> None:
    alice, channel, key = await s.streamer()
    boss = await s.world.register("boss", role=Role.STAFF)
    mod = await s.world.register("mod")
    await s.make_moderator(channel, mod)
    ingest = await s.get_ingest()(GetStreamIngestRequest(staff(boss.id), "alice"))
    assert ingest.livepeer_stream_id == key.stream.livepeer_stream_id
    assert ingest.playback_id == key.stream.playback_id
    assert ingest.rtmp_server == key.rtmp_server
    assert not ingest.live
    assert key.stream.stream_key not in repr(ingest)
    owner = await s.get_ingest()(GetStreamIngestRequest(user(alice), "alice"))
    assert owner == ingest
    await fails(
        s.world,
        s.get_ingest()(GetStreamIngestRequest(user(mod), "alice")),
        Forbidden,
        "forbidden",
    )
    await s.world.register("bob")
    await fails(
        s.world,
        s.get_ingest()(GetStreamIngestRequest(staff(boss.id), "bob")),
        ChannelStreamNotFound,
        "channel-stream-not-found",
    )
