"""The signed-in account's notification preferences (Private API)."""

from __future__ import annotations

from typing import Any

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, Request, delete, get, patch
from litestar.di import NamedDependency
from litestar.params import JSONBody

from streamz.core.identity.entities import Principal
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
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses
from streamz.entrypoints.http.social.params import ChannelId
from streamz.entrypoints.http.social.views import (
    ChannelNotificationPreferencesIn,
    ChannelNotificationPreferencesOut,
    NotificationPreferencesIn,
    NotificationPreferencesOut,
    sent_body,
)


class NotificationPreferencesController(Controller):
    path = "/me/notification-preferences"
    tags = ["notification preferences"]

    @get(
        "/",
        summary="Your account-wide notification settings (defaults until changed)",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_notification_preferences(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetNotificationPreferences],
    ) -> NotificationPreferencesOut:
        """The signed-in user's account-wide notification settings: push and email for each kind
        (channel live, new follower, mentions, subscription events, marketing); defaults until
        changed.
        """
        prefs = await use_case(GetNotificationPreferencesRequest(principal))
        return NotificationPreferencesOut.of(prefs)

    @patch(
        "/",
        summary="Change account-wide notification settings (only the keys sent change)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def update_notification_preferences(
        self,
        data: JSONBody[NotificationPreferencesIn],  # documents and checks the shape
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateNotificationPreferences],
    ) -> NotificationPreferencesOut:
        """Changes account-wide notification settings (only the keys sent change). 422 for an
        unknown key.
        """
        changes = sent_body(await request.body())
        return NotificationPreferencesOut.of(
            await use_case(UpdateNotificationPreferencesRequest(principal, changes))
        )

    @get(
        "/channels/{identifier:str}",
        summary="Notification settings for one channel, with its overrides",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_channel_notification_preferences(
        self,
        identifier: ChannelId,
        principal: NamedDependency[Principal],
        use_case: FromDishka[GetChannelNotificationPreferences],
    ) -> ChannelNotificationPreferencesOut:
        """The notification settings that apply for one channel: its overrides over the
        account-wide ones. 404 if the channel does not exist.
        """
        request = GetChannelNotificationPreferencesRequest(principal, identifier)
        return ChannelNotificationPreferencesOut.of(await use_case(request))

    @patch(
        "/channels/{identifier:str}",
        summary="Override notification settings for one channel (null clears one override)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def update_channel_notification_preferences(
        self,
        identifier: ChannelId,
        data: JSONBody[ChannelNotificationPreferencesIn],  # documents and checks the shape
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateChannelNotificationPreferences],
    ) -> ChannelNotificationPreferencesOut:
        """Overrides notification settings for one channel (`null` clears one override). 404 if the
        channel does not exist, 422 for an unknown key.
        """
        changes = sent_body(await request.body())
        return ChannelNotificationPreferencesOut.of(
            await use_case(
                UpdateChannelNotificationPreferencesRequest(principal, identifier, changes)
            )
        )

    @delete(
        "/channels/{identifier:str}",
        summary="Clear a channel's overrides (the account-wide settings apply again)",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def clear_channel_notification_preferences(
        self,
        identifier: ChannelId,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ClearChannelNotificationPreferences],
    ) -> ChannelNotificationPreferencesOut:
        """Clears every override for one channel: the account-wide settings apply again. 404 if the
        channel does not exist.
        """
        request = ClearChannelNotificationPreferencesRequest(principal, identifier)
        return ChannelNotificationPreferencesOut.of(await use_case(request))
