"""Every social use case resolves from the in-memory container and runs through the library."""

from __future__ import annotations

import pytest

from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.core.live.create_category import CreateCategory, CreateCategoryRequest
from streamz.core.live.list_categories import ListCategories, ListCategoriesRequest
from streamz.core.social.follow_category import FollowCategory, FollowCategoryRequest
from streamz.core.social.follow_channel import FollowChannel, FollowChannelRequest
from streamz.core.social.list_followed_categories import (
    ListFollowedCategories,
    ListFollowedCategoriesRequest,
)
from streamz.core.social.list_followed_channels import (
    ListFollowedChannels,
    ListFollowedChannelsRequest,
)
from streamz.core.social.update_channel_notification_preferences import (
    UpdateChannelNotificationPreferences,
    UpdateChannelNotificationPreferencesRequest,
)
from tests.unit.support import ANONYMOUS, SYSTEM

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_social_through_the_in_memory_library() -> None:
    from streamz.library import Streamz

    async with Streamz.in_memory() as s:
        reg = await s.call(RegisterAccount, RegisterAccountRequest(SYSTEM, "i1", "alice", "a@x.io"))
        await s.call(RegisterAccount, RegisterAccountRequest(SYSTEM, "i2", "bob", "b@x.io"))
        alice = reg.account.id
        await s.call(CreateCategory, CreateCategoryRequest(SYSTEM, "Chess"))
        await s.call(FollowChannel, FollowChannelRequest(SYSTEM, "bob", alice))
        await s.call(FollowCategory, FollowCategoryRequest(SYSTEM, "chess", alice))
        channels = await s.call(
            ListFollowedChannels, ListFollowedChannelsRequest(SYSTEM, account_id=alice)
        )
        categories = await s.call(
            ListFollowedCategories, ListFollowedCategoriesRequest(SYSTEM, account_id=alice)
        )
        prefs = await s.call(
            UpdateChannelNotificationPreferences,
            UpdateChannelNotificationPreferencesRequest(
                SYSTEM, "bob", {"email": {"channel_live": False}}, alice
            ),
        )
        listed = await s.call(ListCategories, ListCategoriesRequest(ANONYMOUS))
    assert [f.channel.followers_count for f in channels.data] == [1]
    assert [f.category.followers_count for f in categories.data] == [1]
    assert prefs.settings["email"]["channel_live"] is False
    assert [c.slug for c in listed.data] == ["chess"]
