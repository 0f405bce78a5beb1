"""Subscriber badges of a channel: list and create on every tier, delete on Private/Admin."""

from __future__ import annotations

from typing import Annotated

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, PathParameter

from streamz.core.channels.badges.create_badge import CreateBadge, CreateBadgeRequest
from streamz.core.channels.badges.delete_badge import DeleteBadge, DeleteBadgeRequest
from streamz.core.channels.badges.list_badges import ListBadges, ListBadgesRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.badges.views import BadgeForm, BadgeList, BadgeOut
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses

Identifier = Annotated[
    str, PathParameter(description="channel id or slug", min_length=1, max_length=64)
]
Months = Annotated[int, PathParameter(description="the badge's months threshold", ge=1, le=120)]
Form = Annotated[BadgeForm, Body(media_type=RequestEncodingType.MULTI_PART)]
PATH = "/channels/{identifier:str}/badges"


class BadgesController(Controller):
    path = PATH
    tags = ["badges"]

    @get(
        "/",
        summary="Fetch a channel's subscriber badges",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_badges(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListBadges],
    ) -> BadgeList:
        """Lists a channel's subscriber badges (one per month threshold) with their image URLs.
        Anyone may read. 404 if the channel does not exist.
        """
        badges = await use_case(ListBadgesRequest(principal, identifier))
        return BadgeList([BadgeOut.of(b) for b in badges])

    @idempotent
    @post(
        "/",
        summary="Create a subscriber badge (PNG, GIF or WebP; square, 18-512 px; 256 KiB)",
        description="Thresholds (months): 1, 2, 3, 6, 9, 12, 18, 24, 30, 36, 48, 60, 72, 84, "
        "96, 108, 120; one badge per threshold. Needs the owner, a moderator with "
        "manage_settings, or staff (Admin API); API tokens need channel:write.",
        responses=problem_responses(*WRITE_ERRORS, 503),
    )
    @inject
    async def create_badge(
        self,
        identifier: Identifier,
        data: Form,
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[CreateBadge],
    ) -> BadgeOut:
        """Uploads a subscriber badge for a month threshold (multipart: the image and `months`);
        the image is decoded and re-encoded. The channel's owner, a moderator with
        `manage_settings`, staff (audited), or an API token with `channel:write`. 422 for an
        image that is not a square PNG, GIF or WebP of 18-512 px within 256 KiB, 409 if the
        threshold has a badge, 503 if the object store is down.
        """
        image = await data.image.read()
        request = CreateBadgeRequest(
            principal, identifier, data.months, image, data.image.content_type
        )
        return BadgeOut.of(await use_case(request))


class BadgeDeleteController(Controller):
    path = PATH
    tags = ["badges"]

    @delete(
        "/{months:int}",
        summary="Delete a subscriber badge and its image",
        status_code=200,
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def delete_badge(
        self,
        identifier: Identifier,
        months: Months,
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeleteBadge],
    ) -> BadgeOut:
        """Deletes the badge of a month threshold and its image. The channel's owner, a moderator
        with `manage_settings`, staff (audited), or an API token with `channel:write`. 404 if
        the channel has no badge for it.
        """
        return BadgeOut.of(await use_case(DeleteBadgeRequest(principal, identifier, months)))
