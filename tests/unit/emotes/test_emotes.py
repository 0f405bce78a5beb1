"""Emotes: create, list, delete; code rules, case-insensitive uniqueness, limit, who may
write, image refusal, the trail of each change."""

from __future__ import annotations

import uuid
from typing import cast

import pytest

from streamz.adapters.memory.database import MemoryUnit
from streamz.adapters.memory.emotes import MemoryEmotes
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import Permission
from streamz.core.chat.emotes import rules
from streamz.core.chat.emotes.create_emote import CreateEmoteRequest
from streamz.core.chat.emotes.entities import Emote
from streamz.core.chat.emotes.errors import EmoteCodeTaken, EmoteLimitReached, EmoteNotFound
from streamz.core.chat.emotes.journal import UPDATED
from streamz.core.errors import Forbidden, Invalid, Unauthenticated
from streamz.core.identity.entities import Principal, Scope
from streamz.core.media.errors import InvalidImage
from streamz.core.media.images import inspect_image
from streamz.core.media.keys import checked_key, emote_key
from streamz.core.shared.unit_of_work import OutboxUnitOfWork
from tests.unit.about.support import grant_moderator, staff, token_of
from tests.unit.media.codec import FakeImageCodec
from tests.unit.media.images import (
    JPEG,
    SVG,
    gif,
    pixels,
    png,
    webp_extended,
    webp_lossless,
    webp_lossy,
)
from tests.unit.support import ANONYMOUS, SYSTEM, World, fails, user

from .support import EmoteWorld


@pytest.fixture
def emotes(world: World) -> EmoteWorld:
    return EmoteWorld(world)


async def test_create_list_delete_with_events(world: World, emotes: EmoteWorld) -> None:
    alice = await world.register("alice")
    owner = user(alice)
    kappa = await emotes.create(owner, "Kappa", image=gif(56), content_type="image/gif")
    lul = await emotes.create(owner, "lul", subscriber_only=True)
    pog = await emotes.create(owner, "POG2", image=webp_lossless(112))

    e = kappa.emote
    assert (e.code, e.width, e.height, e.content_type) == ("Kappa", 56, 56, "image/gif")
    assert (e.subscriber_only, e.created_by, e.created_at) == (False, alice.id, world.clock.now())
    assert lul.emote.subscriber_only is True
    assert e.image_key.startswith(f"emotes/{e.channel_id}/{e.id}-")
    assert e.image_key.endswith(".gif")
    assert checked_key(e.image_key) == e.image_key  # servable by GET /media/{key}
    assert kappa.image_url == f"memory://media/{e.image_key}"
    assert pixels(emotes.store.objects[e.image_key].data) == pixels(gif(56))
    assert emotes.store.objects[pog.emote.image_key].content_type == "image/webp"

    listed = await emotes.listed("ALICE")
    assert [s.emote.code for s in listed] == ["Kappa", "lul", "POG2"]  # by code, ignoring case
    assert listed[0] == kappa
    assert await emotes.listed(str(e.channel_id)) == listed

    removed = await emotes.delete(owner, e.id)
    assert removed == kappa
    assert e.image_key not in emotes.store.objects
    assert [s.emote.code for s in await emotes.listed()] == ["lul", "POG2"]

    assert world.topics()[-4:] == [UPDATED] * 4
    chatroom = next(iter(world.tables.chatrooms.values()))
    assert world.tables.outbox[-1].payload == {
        "chatroom_id": str(chatroom.id),
        "channel_id": str(e.channel_id),
        "change": "deleted",
        "emote_id": str(e.id),
        "code": "Kappa",
        "subscriber_only": False,
    }
    assert world.tables.outbox[-2].payload["change"] == "created"
    assert world.tables.outbox[-1].key == str(e.channel_id)
    assert emotes.audit() == []  # the owner's own changes are not audited


@pytest.mark.parametrize("code", ["ab", "Kappa", "x" * 25, "A1", "007", "PogChamp2024"])
async def test_valid_codes(world: World, emotes: EmoteWorld, code: str) -> None:
    alice = await world.register("alice")
    assert (await emotes.create(user(alice), code)).emote.code == code


@pytest.mark.parametrize(
    "code",
    [
        "",
        "a",
        "x" * 26,
        " Kappa",
        "Kappa ",
        "Kap pa",
        "Kappa\n",
        "Kappa!",
        "Kap_pa",
        "Kap-pa",
        "Käppa",  # non-ASCII letter
        "１２",  # full-width digits
        "٣٤",  # Arabic-Indic digits
        "Kappa\x00",
    ],
)
async def test_bad_codes_are_refused_and_nothing_is_written(
    world: World, emotes: EmoteWorld, code: str
) -> None:
    alice = await world.register("alice")
    error = await fails(world, emotes.create(user(alice), code), Invalid, "invalid")
    assert [e.field for e in error.errors] == ["body.code"]
    assert emotes.store.objects == {}


async def test_codes_are_unique_per_channel_ignoring_case(world: World, emotes: EmoteWorld) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    kappa = await emotes.create(user(alice), "Kappa")
    stored = dict(emotes.store.objects)
    for same in ("Kappa", "kappa", "KAPPA", "kAPPa"):
        error = await fails(
            world, emotes.create(user(alice), same), EmoteCodeTaken, "emote-code-taken"
        )
        assert "'Kappa'" in error.detail
    assert emotes.store.objects == stored  # nothing uploaded for a taken code
    await emotes.create(user(bob), "Kappa", channel="bob")  # another channel may use it
    await emotes.delete(user(alice), kappa.emote.id)
    again = await emotes.create(user(alice), "KAPPA")  # a freed code may be taken again
    assert again.emote.id != kappa.emote.id


async def test_the_repository_refuses_a_taken_code_too(world: World) -> None:
    alice = await world.register("alice")
    emotes = EmoteWorld(world)
    made = (await emotes.create(user(alice), "Kappa")).emote
    repo = MemoryEmotes(MemoryUnit(world.db))
    twin = Emote(
        uuid.uuid4(),
        made.channel_id,
        "KaPpA",
        "emotes/x.png",
        "image/png",
        32,
        32,
        False,
        None,
        made.created_at,
    )
    with pytest.raises(EmoteCodeTaken):
        await repo.add(twin)


async def test_limit_per_channel(
    world: World, emotes: EmoteWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rules, "MAX_EMOTES", 3)
    alice = await world.register("alice")
    bob = await world.register("bob")
    for n in range(3):
        await emotes.create(user(alice), f"emote{n}")
    stored = dict(emotes.store.objects)
    error = await fails(
        world,
        emotes.create(user(alice), "oneMore"),
        EmoteLimitReached,
        "emote-limit-reached",
    )
    assert "3" in error.detail
    assert emotes.store.objects == stored
    await emotes.create(user(bob), "oneMore", channel="bob")  # per channel


async def test_the_real_limit_is_two_hundred(world: World, emotes: EmoteWorld) -> None:
    alice = await world.register("alice")
    first = (await emotes.create(user(alice), "seed")).emote
    unit = MemoryUnit(world.db)
    repo = MemoryEmotes(unit)
    for n in range(199):
        await repo.add(
            Emote(
                uuid.uuid4(),
                first.channel_id,
                f"filler{n}",
                f"emotes/f{n}.png",
                "image/png",
                32,
                32,
                False,
                None,
                first.created_at,
            )
        )
    await unit.commit()
    assert len(await emotes.listed()) == 200
    await fails(
        world, emotes.create(user(alice), "the201st"), EmoteLimitReached, "emote-limit-reached"
    )


@pytest.mark.parametrize(
    ("image", "content_type", "words"),
    [
        (JPEG, "image/jpeg", "JPEG images are not accepted"),
        (SVG, "image/svg+xml", "SVG images are not accepted"),
        (b"", None, "empty"),
        (b"GIF89a" + b"\x00" * 600 * 1024, None, "the limit is 524288 bytes"),
        (png(32)[:-5], None, "truncated"),
        (png(32), "image/gif", "declared as image/gif"),
        (png(32, 40), None, "must be square"),
        (webp_lossless(40, 32), None, "must be square"),
        (png(27), None, "between 28x28 and 512x512"),
        (gif(513), None, "between 28x28 and 512x512"),
        (b"not an image at all", None, "not a PNG, GIF or WebP"),
    ],
)
async def test_bad_images_write_and_store_nothing(
    world: World, emotes: EmoteWorld, image: bytes, content_type: str | None, words: str
) -> None:
    alice = await world.register("alice")
    error = await fails(
        world,
        emotes.create(user(alice), "Kappa", image=image, content_type=content_type),
        InvalidImage,
        "invalid-image",
    )
    assert words in error.detail
    assert [e.field for e in error.errors] == ["body.image"]
    assert emotes.store.objects == {}


@pytest.mark.parametrize("image", [png(28), png(512), gif(112), webp_lossy(64), webp_extended(128)])
async def test_accepted_images(world: World, emotes: EmoteWorld, image: bytes) -> None:
    alice = await world.register("alice")
    made = await emotes.create(user(alice), "Kappa", image=image, content_type="")
    stored = emotes.store.objects[made.emote.image_key].data
    assert inspect_image(stored).content_type == inspect_image(image).content_type
    assert (made.emote.width, made.emote.height) == (inspect_image(image).width,) * 2
    if image[:4] != b"RIFF":  # lossy WebP is encoded again with loss; the others are exact
        assert pixels(stored) == pixels(image)


async def test_only_what_the_codec_wrote_is_stored(world: World, emotes: EmoteWorld) -> None:
    alice = await world.register("alice")
    written = gif(64)
    emotes.images = FakeImageCodec(written)
    upload = gif(64) + b"<script>alert(1)</script>"
    made = await emotes.create(user(alice), "Kappa", image=upload)
    assert emotes.store.objects[made.emote.image_key].data == written
    assert made.emote.image_key.endswith(".gif")
    emotes.images = FakeImageCodec(None)  # refuses
    before = written_rows(world)
    with pytest.raises(InvalidImage):
        await emotes.create(user(alice), "Other", image=gif(64))
    assert list(emotes.store.objects) == [made.emote.image_key]
    assert written_rows(world) == before


def written_rows(world: World) -> tuple[int, int]:
    return len(world.tables.table("chat_emotes")), len(world.tables.outbox)


async def test_unknown_channel_and_emote(world: World, emotes: EmoteWorld) -> None:
    alice = await world.register("alice")
    bob = await world.register("bob")
    foreign = await emotes.create(user(bob), "BobEmote", channel="bob")
    await fails(world, emotes.listed("nobody"), ChannelNotFound, "channel-not-found")
    await fails(
        world,
        emotes.create(SYSTEM, "Kappa", channel="nobody"),
        ChannelNotFound,
        "channel-not-found",
    )
    for emote_id in (foreign.emote.id, uuid.uuid4()):
        await fails(world, emotes.delete(user(alice), emote_id), EmoteNotFound, "emote-not-found")
    assert foreign.emote.image_key in emotes.store.objects
    await emotes.delete(user(bob), foreign.emote.id, channel="bob")
    await fails(
        world,
        emotes.delete(user(bob), foreign.emote.id, channel="bob"),
        EmoteNotFound,
        "emote-not-found",
    )


async def test_who_may_write(world: World, emotes: EmoteWorld) -> None:
    alice = await world.register("alice")
    other = await world.register("other")
    weak = await world.register("weak")
    mod = await world.register("mod")
    boss = await world.register("boss")
    await grant_moderator(world, alice, weak, [Permission.BAN, Permission.MANAGE_SETTINGS])
    await grant_moderator(world, alice, mod, [Permission.MANAGE_TERMS_EMOTES])
    refused: list[tuple[Principal, type[Exception], str]] = [
        (ANONYMOUS, Unauthenticated, "unauthenticated"),
        (user(other), Forbidden, "forbidden"),
        (user(weak), Forbidden, "forbidden"),
        (token_of(alice, Scope.MODERATION_WRITE), Forbidden, "forbidden"),
        (token_of(mod, Scope.CHAT_WRITE), Forbidden, "forbidden"),
    ]
    for actor, error, code in refused:
        await fails(world, emotes.create(actor, "Nope"), error, code)  # type: ignore[type-var]
    assert emotes.store.objects == {}

    allowed: list[tuple[Principal, str]] = [
        (user(alice), "owner"),
        (token_of(alice, Scope.CHANNEL_WRITE), "owner"),
        (user(mod), "moderator"),
        (token_of(mod, Scope.CHANNEL_WRITE), "moderator"),
        (staff(boss), "staff"),
        (SYSTEM, "system"),
    ]
    made = [await emotes.create(actor, f"emote{n}") for n, (actor, _) in enumerate(allowed)]
    for actor, error, code in refused:
        await fails(world, emotes.delete(actor, made[0].emote.id), error, code)  # type: ignore[type-var]
    for (actor, _), shown in zip(allowed, made, strict=True):
        await emotes.delete(actor, shown.emote.id)
    assert emotes.store.objects == {}

    audited = [(e.action, e.acting_as.value, e.actor_id) for e in emotes.audit()]
    expected = [
        (f"emote.{change}", acting, actor_id)
        for change in ("created", "deleted")
        for acting, actor_id in (
            ("moderator", mod.id),
            ("moderator", mod.id),
            ("staff", boss.id),
            ("system", None),
        )
    ]
    assert sorted(audited, key=str) == sorted(expected, key=str)
    details = emotes.audit()[0].details
    assert set(details) == {"emote_id", "code", "subscriber_only"}


async def test_a_failed_commit_removes_the_uploaded_image(
    world: World, emotes: EmoteWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = await world.register("alice")
    create = emotes.create_emote()

    async def broken() -> None:
        raise EmoteCodeTaken("lost a race")

    monkeypatch.setattr(cast(OutboxUnitOfWork, create.changes.uow).tx, "commit", broken)
    with pytest.raises(EmoteCodeTaken):
        await create(CreateEmoteRequest(user(alice), "alice", "Kappa", png(32)))
    assert emotes.store.objects == {}
    assert await emotes.listed() == []


def test_emote_keys_are_content_addressed_and_never_shared() -> None:
    channel, one, two = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    key = emote_key(channel, one, b"data", "webp")
    assert key.startswith(f"emotes/{channel}/{one}-")
    assert key.endswith(".webp")
    assert key != emote_key(channel, two, b"data", "webp")
    assert key != emote_key(channel, one, b"other", "webp")
    assert checked_key(key) == key
