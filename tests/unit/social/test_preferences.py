from __future__ import annotations

from typing import Any

import pytest

from streamz.core.channels.errors import ChannelNotFound
from streamz.core.errors import Forbidden, Invalid
from streamz.core.identity.entities import Account
from streamz.core.social.clear_channel_notification_preferences import (
    ClearChannelNotificationPreferences,
    ClearChannelNotificationPreferencesRequest,
)
from streamz.core.social.get_channel_notification_preferences import (
    GetChannelNotificationPreferences,
    GetChannelNotificationPreferencesRequest,
)
from streamz.core.social.get_notification_preferences import (
    GetNotificationPreferences,
    GetNotificationPreferencesRequest,
)
from streamz.core.social.update_channel_notification_preferences import (
    UpdateChannelNotificationPreferences,
    UpdateChannelNotificationPreferencesRequest,
)
from streamz.core.social.update_notification_preferences import (
    UpdateNotificationPreferences,
    UpdateNotificationPreferencesRequest,
)
from tests.unit.social.support import make, token
from tests.unit.support import SYSTEM, World, fails, user

ALL_ON = {
    "channel_live": True,
    "new_follower": True,
    "mentions": True,
    "subscription_events": True,
    "marketing": False,
}


@pytest.fixture
async def alice(world: World) -> Account:
    await world.register("bob")
    return await world.register("alice")


def update(world: World, who: Account, changes: Any) -> Any:
    request = UpdateNotificationPreferencesRequest(user(who), changes)
    return make(world, UpdateNotificationPreferences)(request)


def update_channel(world: World, who: Account, channel: str, changes: Any) -> Any:
    request = UpdateChannelNotificationPreferencesRequest(user(who), channel, changes)
    return make(world, UpdateChannelNotificationPreferences)(request)


async def test_defaults_without_any_write(world: World, alice: Account) -> None:
    prefs = await make(world, GetNotificationPreferences)(
        GetNotificationPreferencesRequest(user(alice))
    )
    assert prefs.settings == {"push": ALL_ON, "email": ALL_ON}
    assert prefs.overrides == {"push": {}, "email": {}}
    assert world.tables.named.get("notification_preferences", {}) == {}


async def test_partial_updates_change_only_what_is_sent(world: World, alice: Account) -> None:
    await update(world, alice, {"push": {"marketing": True}})
    prefs = await update(world, alice, {"email": {"mentions": False}, "push": {}})
    assert prefs.settings["push"] == {**ALL_ON, "marketing": True}
    assert prefs.settings["email"] == {**ALL_ON, "mentions": False}
    assert prefs.overrides == {"push": {"marketing": True}, "email": {"mentions": False}}
    by_system = await make(world, GetNotificationPreferences)(
        GetNotificationPreferencesRequest(SYSTEM, alice.id)
    )
    assert by_system == prefs


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sms": {"mentions": True}}, "body.sms"),
        ({"push": {"likes": True}}, "body.push.likes"),
        ({"push": {"mentions": "yes"}}, "body.push.mentions"),
        ({"push": {"mentions": None}}, "body.push.mentions"),
        ({"push": True}, "body.push"),
        ([], "body"),
    ],
)
async def test_unknown_keys_and_bad_values(
    world: World, alice: Account, changes: Any, field: str
) -> None:
    error = await fails(world, update(world, alice, changes), Invalid, "invalid")
    assert [e.field for e in error.errors] == [field]


async def test_channel_overrides_inherit_then_override(world: World, alice: Account) -> None:
    await update(world, alice, {"push": {"channel_live": False}})
    get = GetChannelNotificationPreferencesRequest(user(alice), "bob")
    inherited = await make(world, GetChannelNotificationPreferences)(get)
    assert inherited.channel.slug == "bob"
    assert inherited.settings["push"] == {
        "channel_live": False,
        "mentions": True,
        "subscription_events": True,
    }
    assert inherited.overrides == {"push": {}, "email": {}}
    changed = await update_channel(
        world, alice, "bob", {"push": {"channel_live": True}, "email": {"mentions": False}}
    )
    assert changed.settings["push"]["channel_live"] is True
    assert changed.settings["email"]["mentions"] is False
    cleared_one = await update_channel(world, alice, "bob", {"push": {"channel_live": None}})
    assert cleared_one.settings["push"]["channel_live"] is False
    assert cleared_one.overrides == {"push": {}, "email": {"mentions": False}}
    cleared = await make(world, ClearChannelNotificationPreferences)(
        ClearChannelNotificationPreferencesRequest(user(alice), "bob")
    )
    assert cleared.overrides == {"push": {}, "email": {}}
    assert world.tables.table("channel_notification_preferences") == {}


async def test_channel_overrides_reject_bad_input(world: World, alice: Account) -> None:
    bad = update_channel(world, alice, "bob", {"push": {"marketing": False}})
    error = await fails(world, bad, Invalid, "invalid")
    assert error.errors[0].field == "body.push.marketing"
    unknown = update_channel(world, alice, "nobody", {"push": {"mentions": False}})
    await fails(world, unknown, ChannelNotFound, "channel-not-found")
    get = GetChannelNotificationPreferencesRequest(user(alice), "nobody")
    await fails(
        world,
        make(world, GetChannelNotificationPreferences)(get),
        ChannelNotFound,
        "channel-not-found",
    )
    clear = ClearChannelNotificationPreferencesRequest(user(alice), "nobody")
    await fails(
        world,
        make(world, ClearChannelNotificationPreferences)(clear),
        ChannelNotFound,
        "channel-not-found",
    )


async def test_api_tokens_cannot_touch_preferences(world: World, alice: Account) -> None:
    request = UpdateNotificationPreferencesRequest(token(alice), {"push": {"mentions": False}})
    await fails(world, make(world, UpdateNotificationPreferences)(request), Forbidden, "forbidden")
