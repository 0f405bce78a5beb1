"""VOD deletion: soft delete now, the Livepeer asset in a retried job; the sweep re-queues
work a lost job left undone."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from streamz.core.errors import Forbidden, Unauthenticated
from streamz.core.identity.entities import Account, Principal, PrincipalKind, Role
from streamz.core.live.entities import Vod
from streamz.core.live.streams.delete_vod import DeleteVodRequest
from streamz.core.live.streams.delete_vod_asset import DeleteVodAssetRequest
from streamz.core.live.streams.errors import LivepeerUnavailable, VodNotFound
from streamz.core.live.streams.sweep import SweepStreamWorkRequest
from tests.unit.support import ANONYMOUS, SYSTEM, fails, user

from .support import Streams


@pytest.fixture
def s() -> Streams:
    return Streams()


async def recorded(s: Streams, username: str = "alice") -> tuple[Account, Vod]:
    account, _, key = await s.streamer(username)
    stream = key.stream.livepeer_stream_id
    start = s.now()
    await s.apply(s.body("stream.started", stream, start))
    await s.apply(s.body("stream.idle", stream, start + timedelta(minutes=5)))
    await s.apply(s.recording(stream, start, start + timedelta(minutes=5)))
    vod = next(v for v in s.vods() if v.channel_id == s.channel_of(account).id)
    return account, vod


async def test_the_owner_deletes_a_vod(s: Streams) -> None:
    alice, vod = await recorded(s)
    s.tick(5)
    deleted = await s.remove_vod(alice, vod)
    assert deleted.id == vod.id
    row = s.rows("vods")[vod.id]
    assert (row.deleted_at, row.asset_deleted_at) == (s.now(), None)
    assert s.jobs.assets == [vod.id]
    assert s.livepeer.deleted_assets == []  # the job does it
    [entry] = s.rows("channel_audit_log").values()
    assert (entry.action, entry.acting_as, entry.details["vod_id"]) == (
        "vod.deleted",
        "owner",
        str(vod.id),
    )
    assert s.payloads("vod.deleted") == [{"channel_id": str(vod.channel_id), "vod_id": str(vod.id)}]
    await fails(s.world, s.remove_vod(alice, vod), VodNotFound, "vod-not-found")


async def test_only_the_owner_or_the_system_deletes(s: Streams) -> None:
    alice, vod = await recorded(s)
    bob = await s.world.register("bob")
    mod = await s.world.register("mod")
    boss = await s.world.register("boss", role=Role.STAFF)
    await s.make_moderator(s.channel_of(alice), mod)
    staff = Principal(PrincipalKind.STAFF, boss.id, Role.STAFF)
    for actor, error, code in (
        (user(bob), Forbidden, "forbidden"),
        (user(mod), Forbidden, "forbidden"),
        (staff, Forbidden, "forbidden"),
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
    ):
        request = DeleteVodRequest(actor, "alice", vod.id)
        await fails(s.world, s.delete_vod()(request), error, code)
    assert s.jobs.assets == []
    await s.delete_vod()(DeleteVodRequest(SYSTEM, "alice", vod.id))
    assert s.rows("vods")[vod.id].deleted_at is not None


async def test_vods_of_other_channels_are_not_found(s: Streams) -> None:
    _, vod = await recorded(s, "alice")
    bob, _ = await recorded(s, "bob")
    for request in (
        DeleteVodRequest(user(bob), "bob", vod.id),
        DeleteVodRequest(user(bob), "bob", uuid.uuid4()),
    ):
        await fails(s.world, s.delete_vod()(request), VodNotFound, "vod-not-found")


async def test_the_asset_job_deletes_at_livepeer_and_retries(s: Streams) -> None:
    alice, vod = await recorded(s)
    await s.remove_vod(alice, vod)
    s.livepeer.fail("delete_asset")
    with pytest.raises(LivepeerUnavailable):  # the job fails: SAQ retries it
        await s.remove_asset(vod.id)
    assert s.rows("vods")[vod.id].asset_deleted_at is None
    s.tick(2)
    assert await s.remove_asset(vod.id)
    assert s.rows("vods")[vod.id].asset_deleted_at == s.now()
    assert s.livepeer.deleted_assets == [vod.livepeer_asset_id]
    assert not await s.remove_asset(vod.id)  # done already: Livepeer not called again
    assert s.livepeer.calls.count("delete_asset") == 2


async def test_the_asset_of_a_kept_vod_is_never_deleted(s: Streams) -> None:
    _, vod = await recorded(s)
    assert not await s.remove_asset(vod.id)
    assert not await s.remove_asset(uuid.uuid4())
    assert s.livepeer.calls.count("delete_asset") == 0
    await fails(
        s.world,
        s.delete_asset()(DeleteVodAssetRequest(ANONYMOUS, vod.id)),
        Forbidden,
        "forbidden",
    )


async def test_a_deletion_stands_when_the_queue_is_down(s: Streams) -> None:
    alice, vod = await recorded(s)
    s.jobs.unavailable = True
    await s.remove_vod(alice, vod)
    assert s.rows("vods")[vod.id].deleted_at is not None
    s.jobs.unavailable = False
    assert (await s.sweep()(SweepStreamWorkRequest(SYSTEM))).assets == 0  # too recent
    s.tick(61)
    result = await s.sweep()(SweepStreamWorkRequest(SYSTEM))
    assert (result.events, result.assets) == (0, 1)
    assert s.jobs.assets == [vod.id]


async def test_the_sweep_queues_unprocessed_deliveries(s: Streams) -> None:
    _, _, key = await s.streamer()
    stream = key.stream.livepeer_stream_id
    first = s.body("stream.started", stream, s.now())
    await s.deliver(first)
    s.jobs.events.clear()  # as if the job was lost
    s.tick(30)
    second = s.body("stream.idle", stream, s.now())
    await s.deliver(second)
    s.jobs.events.clear()
    s.tick(31)
    result = await s.sweep()(SweepStreamWorkRequest(SYSTEM))
    assert (result.events, result.assets) == (1, 0)  # the second is not a minute old yet
    assert s.jobs.events == [first["id"]]
    await s.run_jobs()
    s.tick(60)
    assert (await s.sweep()(SweepStreamWorkRequest(SYSTEM))).events == 1
    assert s.jobs.events == [second["id"]]
    await fails(s.world, s.sweep()(SweepStreamWorkRequest(ANONYMOUS)), Forbidden, "forbidden")
