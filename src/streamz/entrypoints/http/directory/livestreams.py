"""Livestream listings: the directory, a category's, a channel's, recommended (Public and
Private), and the followed channels' (Private only: it needs the signed-in user)."""

from __future__ import annotations

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, get
from litestar.di import NamedDependency

from streamz.core.identity.entities import Principal
from streamz.core.live.directory.list_category_livestreams import (
    ListCategoryLivestreams,
    ListCategoryLivestreamsRequest,
)
from streamz.core.live.directory.list_channel_livestreams import (
    ListChannelLivestreams,
    ListChannelLivestreamsRequest,
)
from streamz.core.live.directory.list_followed_livestreams import (
    ListFollowedLivestreams,
    ListFollowedLivestreamsRequest,
)
from streamz.core.live.directory.list_livestreams import (
    ListLivestreams,
    ListLivestreamsRequest,
)
from streamz.core.live.directory.listing import ListingQuery
from streamz.core.live.directory.recommend_livestreams import (
    RecommendLivestreams,
    RecommendLivestreamsRequest,
)
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.directory.params import (
    CATEGORY_QUERY,
    LIVE_QUERY,
    RANKED_QUERY,
    AcceptLanguage,
    After,
    Limit,
    Seed,
    first_language,
)
from streamz.entrypoints.http.directory.views import LivestreamPage, RecommendedPage
from streamz.entrypoints.http.problems import READ_ERRORS, problem_responses
from streamz.entrypoints.http.social.params import CategoryId

FILTERS = (
    "Filters: `category`, `language`, `tags` (all of them), `mature`. "
    "Keyset cursor pagination: pass `next` as `after` with the same sort and order."
)


class LivestreamsController(Controller):
    path = "/livestreams"
    tags = ["livestreams"]

    @get(
        "/",
        summary="The directory: every live stream (by viewers or start time)",
        description=FILTERS,
        dependencies=LIVE_QUERY,
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_livestreams(
        self,
        listing: NamedDependency[ListingQuery],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListLivestreams],
    ) -> LivestreamPage:
        """The live directory: every live stream, by viewers or start time, filtered by category,
        language, tags and mature, with a cursor. Anyone may read. 422 for an unknown sort or a
        bad cursor.
        """
        return LivestreamPage.of(await use_case(ListLivestreamsRequest(principal, listing)))

    @get(
        "/recommended",
        summary="Live streams recommended for you (anonymous: popular and diverse)",
        description=(
            "A ranking that blends viewers, the follow graph, followed categories, language "
            "(from Accept-Language) and a boost for small new creators; the same `seed` gives "
            "the same ranking. Filters as the directory; `sort`/`order` do not apply."
        ),
        dependencies=RANKED_QUERY,
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_recommended_livestreams(
        self,
        listing: NamedDependency[ListingQuery],
        principal: NamedDependency[Principal],
        use_case: FromDishka[RecommendLivestreams],
        seed: Seed = None,
        accept_language: AcceptLanguage = None,
    ) -> RecommendedPage:
        """Live streams recommended for the caller (followed channels and categories weigh in;
        anonymous callers get popular and diverse ones), seeded so pages are stable. Anyone may
        read.
        """
        request = RecommendLivestreamsRequest(
            principal, listing, seed=seed, viewer_language=first_language(accept_language)
        )
        return RecommendedPage.of(await use_case(request))


class CategoryLivestreamsController(Controller):
    path = "/categories/{identifier:str}/livestreams"
    tags = ["livestreams"]

    @get(
        "/",
        summary="A category's live streams",
        description=FILTERS,
        dependencies=CATEGORY_QUERY,
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_category_livestreams(
        self,
        identifier: CategoryId,
        listing: NamedDependency[ListingQuery],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListCategoryLivestreams],
    ) -> LivestreamPage:
        """A category's live streams, by viewers or start time, with a cursor. Anyone may read. 404
        if the category does not exist.
        """
        request = ListCategoryLivestreamsRequest(principal, identifier, listing)
        return LivestreamPage.of(await use_case(request))


class ChannelLivestreamsController(Controller):
    path = "/channels/{identifier:str}/livestreams"
    tags = ["livestreams"]

    @get(
        "/",
        summary="A channel's livestreams: the live one, then the ended ones, newest first",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_channel_livestreams(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListChannelLivestreams],
        limit: Limit = 20,
        after: After = None,
    ) -> LivestreamPage:
        """A channel's livestreams: the live one first, then the ended ones, newest first, with a
        cursor. Anyone may read. 404 if the channel does not exist.
        """
        request = ListChannelLivestreamsRequest(principal, identifier, limit, after)
        return LivestreamPage.of(await use_case(request))


class FollowedLivestreamsController(Controller):
    path = "/me/following/livestreams"
    tags = ["livestreams"]

    @get(
        "/",
        summary="Live streams of the channels you follow",
        description=FILTERS,
        dependencies=LIVE_QUERY,
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_followed_livestreams(
        self,
        listing: NamedDependency[ListingQuery],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListFollowedLivestreams],
    ) -> LivestreamPage:
        """Live streams of the channels the caller follows. A signed-in user, or an API token (its
        owner's follows); 401 without credentials.
        """
        request = ListFollowedLivestreamsRequest(principal, listing)
        return LivestreamPage.of(await use_case(request))
