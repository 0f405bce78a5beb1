"""Bindings of the social context (follows, notification preferences) and of categories."""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from streamz.adapters.memory.social import (
    MemoryCategories,
    MemoryCategoryFollows,
    MemoryChannelFollows,
    MemoryNotificationPreferences,
)
from streamz.adapters.postgres.categories import PostgresCategories
from streamz.adapters.postgres.social import (
    PostgresCategoryFollows,
    PostgresChannelFollows,
    PostgresNotificationPreferences,
)
from streamz.core.live.create_category import CreateCategory
from streamz.core.live.get_category import GetCategory
from streamz.core.live.list_categories import ListCategories
from streamz.core.social.check_following_category import CheckFollowingCategory
from streamz.core.social.check_following_channel import CheckFollowingChannel
from streamz.core.social.clear_channel_notification_preferences import (
    ClearChannelNotificationPreferences,
)
from streamz.core.social.follow_category import FollowCategory
from streamz.core.social.follow_channel import FollowChannel
from streamz.core.social.get_channel_notification_preferences import (
    GetChannelNotificationPreferences,
)
from streamz.core.social.get_notification_preferences import GetNotificationPreferences
from streamz.core.social.list_followed_categories import ListFollowedCategories
from streamz.core.social.list_followed_channels import ListFollowedChannels
from streamz.core.social.unfollow_category import UnfollowCategory
from streamz.core.social.unfollow_channel import UnfollowChannel
from streamz.core.social.update_channel_notification_preferences import (
    UpdateChannelNotificationPreferences,
)
from streamz.core.social.update_notification_preferences import UpdateNotificationPreferences
from streamz.ports.categories import CategoryRepository
from streamz.ports.social import (
    CategoryFollowRepository,
    ChannelFollowRepository,
    NotificationPreferenceRepository,
)


class PostgresBindings(Provider):
    """Postgres adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    categories = provide(PostgresCategories, provides=CategoryRepository)
    channel_follows = provide(PostgresChannelFollows, provides=ChannelFollowRepository)
    category_follows = provide(PostgresCategoryFollows, provides=CategoryFollowRepository)
    preferences = provide(
        PostgresNotificationPreferences, provides=NotificationPreferenceRepository
    )


class MemoryBindings(Provider):
    """In-memory adapters for this context's ports (REQUEST scope)."""

    scope = Scope.REQUEST

    categories = provide(MemoryCategories, provides=CategoryRepository)
    channel_follows = provide(MemoryChannelFollows, provides=ChannelFollowRepository)
    category_follows = provide(MemoryCategoryFollows, provides=CategoryFollowRepository)
    preferences = provide(MemoryNotificationPreferences, provides=NotificationPreferenceRepository)


class UseCases(Provider):
    """This context's use cases (REQUEST scope)."""

    scope = Scope.REQUEST

    follows = provide_all(
        FollowChannel,
        UnfollowChannel,
        CheckFollowingChannel,
        ListFollowedChannels,
        FollowCategory,
        UnfollowCategory,
        CheckFollowingCategory,
        ListFollowedCategories,
    )
    preferences = provide_all(
        GetNotificationPreferences,
        UpdateNotificationPreferences,
        GetChannelNotificationPreferences,
        UpdateChannelNotificationPreferences,
        ClearChannelNotificationPreferences,
    )
    categories = provide_all(CreateCategory, GetCategory, ListCategories)
