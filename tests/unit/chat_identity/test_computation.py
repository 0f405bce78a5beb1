"""What an identity is made of: name, colour, and badges in display order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from streamz.core.channels.badges.create_badge import CreateBadge, CreateBadgeRequest
from streamz.core.channels.badges.entities import Badge
from streamz.core.channels.errors import ChannelNotFound
from streamz.core.channels.roles import ChannelRole
from streamz.core.channels.subscriptions.grant_subscription import (
    GrantSubscription,
    GrantSubscriptionRequest,
)
from streamz.core.channels.team.grant_role import GrantRole, GrantRoleRequest
from streamz.core.chat.chat_identity.entities import BadgeKind, ChatBadge
from streamz.core.chat.chat_identity.get_identity import GetChatIdentity, GetChatIdentityRequest
from streamz.core.chat.chat_identity.identities import PALETTE, derived_colour, subscriber_badge
from streamz.core.identity.errors import AccountNotFound
from tests.unit.media.images import png
from tests.unit.support import ANONYMOUS, SYSTEM

from .support import IdentityWorld

SUB = BadgeKind.SUBSCRIBER


def kinds(badges: tuple[ChatBadge, ...]) -> list[str]:
    return [str(b.kind) for b in badges]


def badge(months: int) -> tuple[Badge, str]:
    made = Badge(uuid.uuid4(), uuid.uuid4(), months, f"k{months}", "image/png", 32, 32, _T)
    return made, f"https://media/{months}.png"


_T = datetime(2025, 1, 1, tzinfo=UTC)


def test_derived_colour_is_stable_and_from_the_palette() -> None:
    # pinned: changing the derivation would recolour every chatter
    assert derived_colour(uuid.UUID("00000000-0000-0000-0000-000000000001")) == "#FF4500"
    assert derived_colour(uuid.UUID("0190f0c2-7a44-7c2e-9d2b-3c1f4a5e6b7d")) == "#2E8B57"
    assert derived_colour(uuid.UUID("ffffffff-ffff-ffff-ffff-ffffffffffff")) == "#008000"
    ids = [uuid.uuid4() for _ in range(300)]
    assert [derived_colour(i) for i in ids] == [derived_colour(i) for i in ids]
    assert {derived_colour(i) for i in ids} <= set(PALETTE)
    assert len({derived_colour(i) for i in ids}) > 10  # spread over the palette


@pytest.mark.parametrize(
    ("months", "expected"),
    [(0, None), (1, 1), (2, 2), (5, 3), (8, 6), (11, 9), (13, 12), (47, 36), (120, 120)],
)
def test_standard_thresholds_without_channel_badges(months: int, expected: int | None) -> None:
    shown = subscriber_badge(months, [])
    assert (shown.months if shown else None) == expected
    assert shown is None or (shown.kind, shown.image_url) == (SUB, None)


def test_the_channel_badge_of_the_highest_threshold_reached() -> None:
    badges = [badge(1), badge(3), badge(12)]
    assert subscriber_badge(1, badges) == ChatBadge(SUB, 1, "https://media/1.png")
    assert subscriber_badge(2, badges) == ChatBadge(SUB, 1, "https://media/1.png")
    assert subscriber_badge(11, badges) == ChatBadge(SUB, 3, "https://media/3.png")
    assert subscriber_badge(40, badges) == ChatBadge(SUB, 12, "https://media/12.png")
    # nothing of the channel's set reached yet: the standard threshold, without an image
    assert subscriber_badge(4, [badge(6), badge(12)]) == ChatBadge(SUB, 3, None)
    assert subscriber_badge(0, badges) is None


async def test_a_plain_user_has_a_derived_colour_and_no_badge(world: IdentityWorld) -> None:
    await world.register("alice")
    bob = await world.register("bob")
    seen = await world.identity("alice", "BOB")
    assert (seen.account_id, seen.username) == (bob.id, "bob")
    assert (seen.colour, seen.colour_chosen, seen.badges) == (derived_colour(bob.id), False, ())
    by_id = await world.identity("alice", str(bob.id))
    assert by_id == seen
    # the derived colour is the same in every channel
    assert (await world.identity("bob", "bob")).colour == seen.colour


async def test_the_owner_badge_only_in_the_own_channel(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.register("bob")
    assert kinds((await world.identity("alice", "alice")).badges) == ["owner"]
    assert kinds((await world.identity("bob", "alice")).badges) == []


@pytest.mark.parametrize("role", list(ChannelRole))
async def test_each_channel_role_gives_its_badge(world: IdentityWorld, role: ChannelRole) -> None:
    await world.register("alice")
    await world.register("bob")
    await world.call(GrantRole, GrantRoleRequest(SYSTEM, "alice", role, "bob"))
    assert kinds((await world.identity("alice", "bob")).badges) == [str(role)]
    assert kinds((await world.identity("bob", "bob")).badges) == ["owner"]  # in that channel only


async def test_every_badge_in_display_order(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.register("bob", staff=True)
    for role in (ChannelRole.OG, ChannelRole.VIP, ChannelRole.MODERATOR):  # granted out of order
        await world.call(GrantRole, GrantRoleRequest(SYSTEM, "alice", role, "bob"))
    await world.call(CreateBadge, CreateBadgeRequest(SYSTEM, "alice", 6, png(32)))
    await world.call(GrantSubscription, GrantSubscriptionRequest(SYSTEM, "alice", "bob", months=7))
    seen = await world.identity("alice", "bob")
    assert kinds(seen.badges) == ["staff", "moderator", "vip", "og", "subscriber"]
    sub = seen.badges[-1]
    assert sub.months == 6
    assert sub.image_url is not None
    assert sub.image_url.startswith("memory://media/badges/")
    # staff shows everywhere; staff and owner together on the own channel
    assert kinds((await world.identity("bob", "bob")).badges) == ["staff", "owner"]


async def test_subscriber_months_from_every_subscription(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.register("bob")
    grant = GrantSubscriptionRequest(SYSTEM, "alice", "bob", months=2)
    await world.call(GrantSubscription, grant)
    assert (await world.identity("alice", "bob")).badges == (ChatBadge(SUB, 2, None),)
    await world.call(GrantSubscription, grant)  # renewed: 4 months in all
    assert (await world.identity("alice", "bob")).badges == (ChatBadge(SUB, 3, None),)
    world.later(days=200)  # lapsed: no badge, though the months stay on record
    assert (await world.identity("alice", "bob")).badges == ()
    await world.call(GrantSubscription, grant)  # back: 6 months over both subscriptions
    assert (await world.identity("alice", "bob")).badges == (ChatBadge(SUB, 6, None),)


async def test_unknown_channel_or_user(world: IdentityWorld) -> None:
    await world.register("alice")
    await world.fails(
        world.call(GetChatIdentity, GetChatIdentityRequest(ANONYMOUS, "nobody", "alice")),
        ChannelNotFound,
        "channel-not-found",
    )
    for user in ("ghost", str(uuid.uuid4())):
        await world.fails(
            world.call(GetChatIdentity, GetChatIdentityRequest(ANONYMOUS, "alice", user)),
            AccountNotFound,
            "account-not-found",
        )
