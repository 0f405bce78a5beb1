"""The Internal tier: the use cases through the library, the system acting for an account."""

from __future__ import annotations

import asyncio
import random
import uuid

import asyncpg
import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.core.live.create_category import CreateCategory, CreateCategoryRequest
from streamz.core.social.check_following_category import (
    CheckFollowingCategory,
    CheckFollowingCategoryRequest,
)
from streamz.core.social.check_following_channel import (
    CheckFollowingChannel,
    CheckFollowingChannelRequest,
)
from streamz.core.social.clear_channel_notification_preferences import (
    ClearChannelNotificationPreferences,
    ClearChannelNotificationPreferencesRequest,
)
from streamz.core.social.errors import CannotFollowSelf
from streamz.core.social.follow_category import FollowCategory, FollowCategoryRequest
from streamz.core.social.follow_channel import FollowChannel, FollowChannelRequest
from streamz.core.social.get_channel_notification_preferences import (
    GetChannelNotificationPreferences,
    GetChannelNotificationPreferencesRequest,
)
from streamz.core.social.get_notification_preferences import (
    GetNotificationPreferences,
    GetNotificationPreferencesRequest,
)
from streamz.core.social.list_followed_categories import (
    ListFollowedCategories,
    ListFollowedCategoriesRequest,
)
from streamz.core.social.list_followed_channels import (
    ListFollowedChannels,
    ListFollowedChannelsRequest,
)
from streamz.core.social.unfollow_category import UnfollowCategory, UnfollowCategoryRequest
from streamz.core.social.unfollow_channel import UnfollowChannel, UnfollowChannelRequest
from streamz.core.social.update_channel_notification_preferences import (
    UpdateChannelNotificationPreferences,
    UpdateChannelNotificationPreferencesRequest,
)
from streamz.core.social.update_notification_preferences import (
    UpdateNotificationPreferences,
    UpdateNotificationPreferencesRequest,
)
from streamz.library import Streamz
from streamz.settings import Settings
from tests.integration.conftest import count

SYSTEM = Principal.system()


async def _register(streamz: Streamz, name: str) -> uuid.UUID:
    registration = await streamz.call(
        RegisterAccount, RegisterAccountRequest(SYSTEM, f"id-{name}", name, f"{name}@x.io")
    )
    return registration.account.id


async def test_every_operation_through_the_library(
    settings: Settings, db: asyncpg.Connection
) -> None:
    async with Streamz.from_settings(settings) as s:
        alice, _ = await _register(s, "alice"), await _register(s, "bob")
        await s.call(CreateCategory, CreateCategoryRequest(SYSTEM, "Chess"))

        followed = await s.call(FollowChannel, FollowChannelRequest(SYSTEM, "bob", alice))
        assert followed.changed
        check = await s.call(
            CheckFollowingChannel, CheckFollowingChannelRequest(SYSTEM, "bob", alice)
        )
        assert check.since == followed.since
        page = await s.call(
            ListFollowedChannels, ListFollowedChannelsRequest(SYSTEM, account_id=alice)
        )
        assert [f.channel.slug for f in page.data] == ["bob"]
        assert (await s.call(UnfollowChannel, UnfollowChannelRequest(SYSTEM, "bob", alice))).changed

        await s.call(FollowCategory, FollowCategoryRequest(SYSTEM, "chess", alice))
        assert (
            await s.call(
                CheckFollowingCategory, CheckFollowingCategoryRequest(SYSTEM, "chess", alice)
            )
        ).following
        cats = await s.call(
            ListFollowedCategories, ListFollowedCategoriesRequest(SYSTEM, account_id=alice)
        )
        assert [f.category.slug for f in cats.data] == ["chess"]
        await s.call(UnfollowCategory, UnfollowCategoryRequest(SYSTEM, "chess", alice))

        prefs = await s.call(
            UpdateNotificationPreferences,
            UpdateNotificationPreferencesRequest(SYSTEM, {"email": {"marketing": True}}, alice),
        )
        assert prefs.settings["email"]["marketing"] is True
        assert (
            await s.call(
                GetNotificationPreferences, GetNotificationPreferencesRequest(SYSTEM, alice)
            )
            == prefs
        )
        channel = await s.call(
            UpdateChannelNotificationPreferences,
            UpdateChannelNotificationPreferencesRequest(
                SYSTEM, "bob", {"push": {"mentions": False}}, alice
            ),
        )
        assert channel.overrides["push"] == {"mentions": False}
        got = await s.call(
            GetChannelNotificationPreferences,
            GetChannelNotificationPreferencesRequest(SYSTEM, "bob", alice),
        )
        assert got == channel
        cleared = await s.call(
            ClearChannelNotificationPreferences,
            ClearChannelNotificationPreferencesRequest(SYSTEM, "bob", alice),
        )
        assert cleared.overrides == {"push": {}, "email": {}}
    assert await db.fetchval("SELECT followers_count FROM channels WHERE slug = 'bob'") == 0
    assert await db.fetchval("SELECT followers_count FROM categories") == 0


async def test_bad_input_through_the_library_writes_nothing(
    settings: Settings, db: asyncpg.Connection
) -> None:
    async with Streamz.from_settings(settings) as s:
        alice = await _register(s, "alice")
        outbox = await count(db, "outbox")
        with pytest.raises(CannotFollowSelf):
            await s.call(FollowChannel, FollowChannelRequest(SYSTEM, "alice", alice))
        with pytest.raises(ChannelNotFound):
            await s.call(FollowChannel, FollowChannelRequest(SYSTEM, "nobody", alice))
        with pytest.raises(Invalid) as info:
            await s.call(
                UpdateNotificationPreferences,
                UpdateNotificationPreferencesRequest(SYSTEM, {"push": {"likes": True}}, alice),
            )
        assert info.value.errors[0].field == "body.push.likes"
        with pytest.raises(Invalid):  # the system must name the account
            await s.call(FollowChannel, FollowChannelRequest(SYSTEM, "alice"))
    assert await count(db, "channel_follows") == 0
    assert await count(db, "notification_preferences") == 0
    assert await count(db, "outbox") == outbox


async def test_followers_count_stays_exact_under_concurrency(
    settings: Settings, db: asyncpg.Connection
) -> None:
    rng = random.Random(20261121)
    async with Streamz.from_settings(settings) as s:
        await _register(s, "star")
        fans = [await _register(s, f"fan{i}") for i in range(20)]
        for _ in range(3):
            calls = []
            for _ in range(50):
                fan = rng.choice(fans)
                if rng.random() < 0.6:
                    calls.append(s.call(FollowChannel, FollowChannelRequest(SYSTEM, "star", fan)))
                else:
                    calls.append(
                        s.call(UnfollowChannel, UnfollowChannelRequest(SYSTEM, "star", fan))
                    )
            await asyncio.gather(*calls)
            counted = await db.fetchval("SELECT followers_count FROM channels WHERE slug = 'star'")
            assert counted == await count(db, "channel_follows")
    followed = await db.fetchval("SELECT count(*) FROM outbox WHERE topic = 'channel.followed'")
    unfollowed = await db.fetchval("SELECT count(*) FROM outbox WHERE topic = 'channel.unfollowed'")
    assert followed - unfollowed == await count(db, "channel_follows")
