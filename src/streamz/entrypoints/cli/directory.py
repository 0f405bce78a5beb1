"""`streamzctl` commands of the live directory (acting as the system):
- `channels stream-info show|set SLUG`: a channel's stream info;
- `channels livestreams SLUG`: its live and past livestreams;
- `channels vods list SLUG`, `channels vods show|update VOD_ID`;
- `livestreams list|category|following|recommended`: the listings.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from streamz.core.channels.about.fields import KEEP
from streamz.core.identity.entities import Principal
from streamz.core.identity.get_account import GetAccount, GetAccountRequest
from streamz.core.live.directory.get_stream_info import GetStreamInfo, GetStreamInfoRequest
from streamz.core.live.directory.get_vod import GetVod, GetVodRequest
from streamz.core.live.directory.list_category_livestreams import (
    ListCategoryLivestreams,
    ListCategoryLivestreamsRequest,
)
from streamz.core.live.directory.list_channel_livestreams import (
    ListChannelLivestreams,
    ListChannelLivestreamsRequest,
)
from streamz.core.live.directory.list_channel_vods import ListChannelVods, ListChannelVodsRequest
from streamz.core.live.directory.list_followed_livestreams import (
    ListFollowedLivestreams,
    ListFollowedLivestreamsRequest,
)
from streamz.core.live.directory.list_livestreams import ListLivestreams, ListLivestreamsRequest
from streamz.core.live.directory.listing import ListingQuery
from streamz.core.live.directory.recommend_livestreams import (
    RecommendLivestreams,
    RecommendLivestreamsRequest,
)
from streamz.core.live.directory.update_stream_info import (
    UpdateStreamInfo,
    UpdateStreamInfoRequest,
)
from streamz.core.live.directory.update_vod import UpdateVod, UpdateVodRequest
from streamz.entrypoints.cli.runtime import (
    call,
    cli_errors,
    echo_json,
    fail,
    resolve_settings,
    run_with_container,
)
from streamz.entrypoints.http.directory.views import (
    LivestreamPage,
    RecommendedPage,
    StreamInfoOut,
    VodOut,
    VodPage,
)

if TYPE_CHECKING:
    from dishka import AsyncContainer

SYSTEM = Principal.system()
Channel = Annotated[str, typer.Argument(help="channel slug or id")]
Limit = Annotated[int, typer.Option(min=1, max=100, help="page size")]
After = Annotated[str | None, typer.Option(help="cursor from `next`")]
Language = Annotated[str | None, typer.Option(help="only this language (BCP 47)")]
Tags = Annotated[list[str] | None, typer.Option("--tag", help="only streams with it (repeat)")]
Mature = Annotated[
    bool | None, typer.Option("--mature/--not-mature", help="only mature / non-mature streams")
]
Sort = Annotated[Literal["viewers", "started_at"], typer.Option(help="what orders the list")]
Order = Annotated[Literal["desc", "asc"], typer.Option(help="descending or ascending")]
CategoryFilter = Annotated[str | None, typer.Option("--category", help="category id or slug")]

stream_info = typer.Typer(help="A channel's stream info: show, set.", no_args_is_help=True)
vods = typer.Typer(help="A channel's VODs: list, show, update.", no_args_is_help=True)
livestreams = typer.Typer(
    help="Livestream listings: list, category, following, recommended.", no_args_is_help=True
)


def _vod_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise fail("invalid: the VOD id must be a UUID", 2) from None


@stream_info.command("show")
@cli_errors
def show_info(channel: Channel) -> None:
    """Print a channel's stream info and live state."""
    echo_json(StreamInfoOut.of(call(GetStreamInfo, GetStreamInfoRequest(SYSTEM, channel))))


@stream_info.command("set")
@cli_errors
def set_info(
    channel: Channel,
    title: Annotated[str | None, typer.Option(help="at most 140 characters")] = None,
    category: Annotated[str | None, typer.Option(help="category id or slug")] = None,
    no_category: Annotated[bool, typer.Option("--no-category", help="clear the category")] = False,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="a tag (repeat; replaces)")] = None,
    no_tags: Annotated[bool, typer.Option("--no-tags", help="clear the tags")] = False,
    language: Annotated[str | None, typer.Option(help="BCP 47, e.g. en or pt-BR")] = None,
    mature: Annotated[bool | None, typer.Option("--mature/--not-mature")] = None,
) -> None:
    """Change a channel's stream info (only the options given); prints it."""
    request = UpdateStreamInfoRequest(
        SYSTEM,
        channel,
        title=KEEP if title is None else title,
        category=None if no_category else (KEEP if category is None else category),
        tags=() if no_tags else (KEEP if tag is None else tag),
        language=KEEP if language is None else language,
        mature=KEEP if mature is None else mature,
    )
    echo_json(StreamInfoOut.of(call(UpdateStreamInfo, request).view))


def register_channel_livestreams(channels: typer.Typer) -> None:
    @channels.command("livestreams")
    @cli_errors
    def channel_livestreams(channel: Channel, limit: Limit = 20, after: After = None) -> None:
        """Print a channel's livestreams, live first then newest."""
        request = ListChannelLivestreamsRequest(SYSTEM, channel, limit, after)
        echo_json(LivestreamPage.of(call(ListChannelLivestreams, request)))


@vods.command("list")
@cli_errors
def list_vods(channel: Channel, limit: Limit = 20, after: After = None) -> None:
    """Print a channel's VODs, every visibility, newest first."""
    request = ListChannelVodsRequest(SYSTEM, channel, limit, after)
    echo_json(VodPage.of(call(ListChannelVods, request)))


@vods.command("show")
@cli_errors
def show_vod(vod_id: Annotated[str, typer.Argument(help="VOD id")]) -> None:
    """Print a VOD."""
    echo_json(VodOut.of(call(GetVod, GetVodRequest(SYSTEM, _vod_id(vod_id)))))


@vods.command("update")
@cli_errors
def update_vod(
    vod_id: Annotated[str, typer.Argument(help="VOD id")],
    title: Annotated[str | None, typer.Option(help="1-140 characters")] = None,
    visibility: Annotated[
        Literal["public", "subscribers", "private"] | None, typer.Option(help="who may watch it")
    ] = None,
) -> None:
    """Change a VOD's title and/or visibility; prints it."""
    request = UpdateVodRequest(
        SYSTEM,
        _vod_id(vod_id),
        title=KEEP if title is None else title,
        visibility=KEEP if visibility is None else visibility,
    )
    echo_json(VodOut.of(call(UpdateVod, request)))


def _query(
    category: str | None,
    language: str | None,
    tags: list[str] | None,
    mature: bool | None,
    sort: str,
    order: str,
    limit: int,
    after: str | None,
) -> ListingQuery:
    return ListingQuery(category, language, tuple(tags or ()), mature, sort, order, limit, after)


@livestreams.command("list")
@cli_errors
def list_live(
    category: CategoryFilter = None,
    language: Language = None,
    tag: Tags = None,
    mature: Mature = None,
    sort: Sort = "viewers",
    order: Order = "desc",
    limit: Limit = 20,
    after: After = None,
) -> None:
    """Print the directory: every live stream."""
    query = _query(category, language, tag, mature, sort, order, limit, after)
    echo_json(LivestreamPage.of(call(ListLivestreams, ListLivestreamsRequest(SYSTEM, query))))


@livestreams.command("category")
@cli_errors
def list_category(
    identifier: Annotated[str, typer.Argument(help="category id or slug")],
    language: Language = None,
    tag: Tags = None,
    mature: Mature = None,
    sort: Sort = "viewers",
    order: Order = "desc",
    limit: Limit = 20,
    after: After = None,
) -> None:
    """Print a category's live streams."""
    query = _query(None, language, tag, mature, sort, order, limit, after)
    request = ListCategoryLivestreamsRequest(SYSTEM, identifier, query)
    echo_json(LivestreamPage.of(call(ListCategoryLivestreams, request)))


@livestreams.command("following")
@cli_errors
def list_following(
    user: Annotated[str, typer.Argument(help="username or account id")],
    category: CategoryFilter = None,
    language: Language = None,
    tag: Tags = None,
    mature: Mature = None,
    sort: Sort = "viewers",
    order: Order = "desc",
    limit: Limit = 20,
    after: After = None,
) -> None:
    """Print the live streams of the channels a user follows."""
    query = _query(category, language, tag, mature, sort, order, limit, after)

    async def work(container: AsyncContainer) -> LivestreamPage:
        async with container() as scope:
            profile = await (await scope.get(GetAccount))(GetAccountRequest(SYSTEM, user))
            use_case = await scope.get(ListFollowedLivestreams)
            request = ListFollowedLivestreamsRequest(SYSTEM, query, profile.account.id)
            return LivestreamPage.of(await use_case(request))

    echo_json(run_with_container(resolve_settings(), work))


@livestreams.command("recommended")
@cli_errors
def recommended(
    user: Annotated[
        str | None, typer.Option("--for", help="rank for this user (default: anonymous)")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="ranking seed (default: the day's)")] = None,
    viewer_language: Annotated[str | None, typer.Option(help="the viewer's language")] = None,
    category: CategoryFilter = None,
    language: Language = None,
    tag: Tags = None,
    mature: Mature = None,
    limit: Limit = 20,
    after: After = None,
) -> None:
    """Print recommended live streams, for a user or anonymous."""
    query = _query(category, language, tag, mature, "viewers", "desc", limit, after)

    async def work(container: AsyncContainer) -> RecommendedPage:
        async with container() as scope:
            account_id = None
            if user is not None:
                profile = await (await scope.get(GetAccount))(GetAccountRequest(SYSTEM, user))
                account_id = profile.account.id
            use_case = await scope.get(RecommendLivestreams)
            request = RecommendLivestreamsRequest(SYSTEM, query, seed, viewer_language, account_id)
            return RecommendedPage.of(await use_case(request))

    echo_json(run_with_container(resolve_settings(), work))


def register(root: typer.Typer, channels: typer.Typer) -> None:
    """Add this context's commands: top-level ones to `root`, channel ones to `channels`."""
    channels.add_typer(stream_info, name="stream-info")
    channels.add_typer(vods, name="vods")
    register_channel_livestreams(channels)
    root.add_typer(livestreams, name="livestreams")
