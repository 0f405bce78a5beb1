from __future__ import annotations

from typing import cast

import pytest

from streamz.core.channels.badges.create_badge import CreateBadgeRequest
from streamz.core.channels.badges.delete_badge import DeleteBadgeRequest
from streamz.core.channels.badges.entities import BADGE_IMAGES, THRESHOLDS, UPDATED
from streamz.core.channels.badges.errors import BadgeExists, BadgeNotFound
from streamz.core.channels.badges.list_badges import ListBadgesRequest
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.errors import Invalid
from streamz.core.media.errors import InvalidImage
from streamz.core.media.keys import badge_key
from streamz.core.shared.unit_of_work import OutboxUnitOfWork
from tests.unit.support import ANONYMOUS, SYSTEM, World, fails, user

from .codec import FakeImageCodec
from .images import JPEG, gif, png, webp_lossless
from .support import BadgeWorld


@pytest.fixture
def badges(world: World) -> BadgeWorld:
    return BadgeWorld(world)


async def test_create_list_and_delete(world: World, badges: BadgeWorld) -> None:
    alice = await world.register("alice")
    owner = user(alice)
    six = await badges.create()(CreateBadgeRequest(owner, "alice", 6, gif(18), "image/gif"))
    one = await badges.create()(CreateBadgeRequest(owner, "ALICE", 1, png(64)))

    assert (one.badge.months, one.badge.width, one.badge.content_type) == (1, 64, "image/png")
    assert one.image_url == f"memory://media/{one.badge.image_key}"
    assert one.badge.image_key.startswith(f"badges/{one.badge.channel_id}/{one.badge.id}-")
    assert one.badge.image_key.endswith(".png")
    assert badges.store.objects[six.badge.image_key].content_type == "image/gif"

    listed = await badges.listing()(ListBadgesRequest(ANONYMOUS, str(one.badge.channel_id)))
    assert [b.badge.months for b in listed] == [1, 6]
    assert listed[0] == one

    deleted = await badges.delete()(DeleteBadgeRequest(owner, "alice", 6))
    assert deleted == six
    assert six.badge.image_key not in badges.store.objects
    assert [
        b.badge.months for b in await badges.listing()(ListBadgesRequest(ANONYMOUS, "alice"))
    ] == [1]
    assert world.topics()[-3:] == [UPDATED] * 3
    payload = world.tables.outbox[-1].payload
    assert payload["change"] == "deleted"
    assert payload["months"] == 6
    assert badges.audit_actions() == []  # the owner's own changes are not audited


async def test_every_threshold_is_accepted_and_nothing_else(
    world: World, badges: BadgeWorld
) -> None:
    alice = await world.register("alice")
    for months in THRESHOLDS:
        await badges.create()(CreateBadgeRequest(user(alice), "alice", months, png(24)))
    listed = await badges.listing()(ListBadgesRequest(ANONYMOUS, "alice"))
    assert tuple(b.badge.months for b in listed) == THRESHOLDS
    for months in (0, 4, 5, 13, 121, -1):
        error = await fails(
            world,
            badges.create()(CreateBadgeRequest(user(alice), "alice", months, png(24))),
            Invalid,
            "invalid",
        )
        assert error.errors[0].field == "body.months"
        assert "1, 2, 3, 6, 9, 12, 18" in error.detail


async def test_one_badge_per_threshold(world: World, badges: BadgeWorld) -> None:
    alice = await world.register("alice")
    await badges.create()(CreateBadgeRequest(user(alice), "alice", 3, png(24)))
    stored = dict(badges.store.objects)
    await fails(
        world,
        badges.create()(CreateBadgeRequest(user(alice), "alice", 3, gif(24))),
        BadgeExists,
        "badge-exists",
    )
    assert badges.store.objects == stored  # nothing uploaded for a duplicate


async def test_a_bad_image_writes_nothing(world: World, badges: BadgeWorld) -> None:
    alice = await world.register("alice")
    for image in (JPEG, png(17), webp_lossless(20, 30), png(24)[:-3]):
        await fails(
            world,
            badges.create()(CreateBadgeRequest(user(alice), "alice", 1, image)),
            InvalidImage,
            "invalid-image",
        )
    assert badges.store.objects == {}


async def test_only_what_the_codec_wrote_is_stored(world: World, badges: BadgeWorld) -> None:
    alice = await world.register("alice")
    written = png(40)
    badges.images = codec = FakeImageCodec(written)
    upload = png(40) + b"<html><script>alert(1)</script>"
    made = await badges.create()(CreateBadgeRequest(user(alice), "alice", 1, upload))
    assert badges.store.objects[made.badge.image_key].data == written
    assert made.badge.image_key == badge_key(made.badge.channel_id, made.badge.id, written, "png")
    assert [(data, info.width, rules) for data, info, rules in codec.calls] == [
        (upload, 40, BADGE_IMAGES)
    ]

    badges.images = FakeImageCodec(None)  # refuses
    await fails(
        world,
        badges.create()(CreateBadgeRequest(user(alice), "alice", 2, png(40))),
        InvalidImage,
        "invalid-image",
    )
    badges.images = FakeImageCodec(png(40, 41))  # a codec that changed the picture's shape
    with pytest.raises(InvalidImage):
        await badges.create()(CreateBadgeRequest(user(alice), "alice", 3, png(40)))
    badges.images = FakeImageCodec(png(40) + bytes(256 * 1024))  # grew past the limit
    with pytest.raises(InvalidImage, match="once re-encoded"):
        await badges.create()(CreateBadgeRequest(user(alice), "alice", 6, png(40)))
    assert list(badges.store.objects) == [made.badge.image_key]
    assert len(await badges.listing()(ListBadgesRequest(ANONYMOUS, "alice"))) == 1


async def test_unknown_channel_and_badge(world: World, badges: BadgeWorld) -> None:
    alice = await world.register("alice")
    await fails(
        world,
        badges.listing()(ListBadgesRequest(ANONYMOUS, "nobody")),
        ChannelNotFound,
        "channel-not-found",
    )
    await fails(
        world,
        badges.delete()(DeleteBadgeRequest(user(alice), "alice", 12)),
        BadgeNotFound,
        "badge-not-found",
    )


async def test_a_failed_commit_removes_the_uploaded_image(
    world: World, badges: BadgeWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = await world.register("alice")
    create = badges.create()

    async def broken() -> None:
        raise BadgeExists("lost a race")

    monkeypatch.setattr(cast(OutboxUnitOfWork, create.changes.uow).tx, "commit", broken)
    with pytest.raises(BadgeExists):
        await create(CreateBadgeRequest(user(alice), "alice", 1, png(24)))
    assert badges.store.objects == {}


async def test_system_changes_are_audited(world: World, badges: BadgeWorld) -> None:
    await world.register("alice")
    await badges.create()(CreateBadgeRequest(SYSTEM, "alice", 1, png(24)))
    await badges.delete()(DeleteBadgeRequest(SYSTEM, "alice", 1))
    assert sorted(badges.audit_actions()) == ["badge.created", "badge.deleted"]
