"""The signed-in account's followed channels and categories (Private API)."""

from __future__ import annotations

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, put
from litestar.di import NamedDependency

from streamz.core.identity.entities import Principal
from streamz.core.social.check_following_category import (
    CheckFollowingCategory,
    CheckFollowingCategoryRequest,
)
from streamz.core.social.check_following_channel import (
    CheckFollowingChannel,
    CheckFollowingChannelRequest,
)
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
from streamz.core.social.unfollow_category import UnfollowCategory, UnfollowCategoryRequest
from streamz.core.social.unfollow_channel import UnfollowChannel, UnfollowChannelRequest
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses
from streamz.entrypoints.http.social.params import After, CategoryId, ChannelId, Limit
from streamz.entrypoints.http.social.views import (
    FollowedCategoryOut,
    FollowedCategoryPage,
    FollowedChannelOut,
    FollowedChannelPage,
    FollowStatusOut,
)


class FollowedChannelsController(Controller):
    path = "/me/follows/channels"
    tags = ["follows"]

    @get(
        "/",
        summary="Channels you follow, newest follow first",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_followed_channels(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListFollowedChannels],
        limit: Limit = 20,
        after: After = None,
    ) -> FollowedChannelPage:
        """The channels the signed-in user follows, newest follow first, with a cursor."""
        page = await use_case(ListFollowedChannelsRequest(principal, limit, after))
        return FollowedChannelPage([FollowedChannelOut.of(r) for r in page.data], page.next)

    @get(
        "/{identifier:str}",
        summary="Whether you follow a channel, and since when",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_channel_follow(
        self,
        identifier: ChannelId,
        principal: NamedDependency[Principal],
        use_case: FromDishka[CheckFollowingChannel],
    ) -> FollowStatusOut:
        """Whether the signed-in user follows a channel, and since when. 404 if the channel does
        not exist.
        """
        return FollowStatusOut.of(
            await use_case(CheckFollowingChannelRequest(principal, identifier))
        )

    @put(
        "/{identifier:str}",
        summary="Follow a channel (following again changes nothing)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def follow_channel(
        self,
        identifier: ChannelId,
        principal: NamedDependency[Principal],
        use_case: FromDishka[FollowChannel],
    ) -> FollowStatusOut:
        """Follows a channel (following again changes nothing) and returns the exact follower
        count. 409 for your own channel, 404 if it does not exist.
        """
        return FollowStatusOut.of(await use_case(FollowChannelRequest(principal, identifier)))

    @delete(
        "/{identifier:str}",
        summary="Unfollow a channel (unfollowing again changes nothing)",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def unfollow_channel(
        self,
        identifier: ChannelId,
        principal: NamedDependency[Principal],
        use_case: FromDishka[UnfollowChannel],
    ) -> FollowStatusOut:
        """Unfollows a channel (unfollowing again changes nothing). 404 if it does not exist."""
        return FollowStatusOut.of(await use_case(UnfollowChannelRequest(principal, identifier)))


class FollowedCategoriesController(Controller):
    path = "/me/follows/categories"
    tags = ["follows"]

    @get(
        "/",
        summary="Categories you follow, newest follow first",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_followed_categories(
        self,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListFollowedCategories],
        limit: Limit = 20,
        after: After = None,
    ) -> FollowedCategoryPage:
        """The categories the signed-in user follows, newest follow first, with a cursor."""
        page = await use_case(ListFollowedCategoriesRequest(principal, limit, after))
        return FollowedCategoryPage([FollowedCategoryOut.of(r) for r in page.data], page.next)

    @get(
        "/{identifier:str}",
        summary="Whether you follow a category, and since when",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def get_category_follow(
        self,
        identifier: CategoryId,
        principal: NamedDependency[Principal],
        use_case: FromDishka[CheckFollowingCategory],
    ) -> FollowStatusOut:
        """Whether the signed-in user follows a category, and since when. 404 if the category does
        not exist.
        """
        request = CheckFollowingCategoryRequest(principal, identifier)
        return FollowStatusOut.of(await use_case(request))

    @put(
        "/{identifier:str}",
        summary="Follow a category (following again changes nothing)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def follow_category(
        self,
        identifier: CategoryId,
        principal: NamedDependency[Principal],
        use_case: FromDishka[FollowCategory],
    ) -> FollowStatusOut:
        """Follows a category (following again changes nothing). 404 if it does not exist."""
        return FollowStatusOut.of(await use_case(FollowCategoryRequest(principal, identifier)))

    @delete(
        "/{identifier:str}",
        summary="Unfollow a category (unfollowing again changes nothing)",
        status_code=200,
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def unfollow_category(
        self,
        identifier: CategoryId,
        principal: NamedDependency[Principal],
        use_case: FromDishka[UnfollowCategory],
    ) -> FollowStatusOut:
        """Unfollows a category (unfollowing again changes nothing). 404 if it does not exist."""
        return FollowStatusOut.of(await use_case(UnfollowCategoryRequest(principal, identifier)))
