"""Social links of a channel. Public: list and create; Private and Admin: also update, order,
delete."""

from __future__ import annotations

import uuid

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from streamz.core.channels.about.create_link import CreateLink, CreateLinkRequest
from streamz.core.channels.about.delete_link import DeleteLink, DeleteLinkRequest
from streamz.core.channels.about.fields import KEEP
from streamz.core.channels.about.list_links import ListLinks, ListLinksRequest
from streamz.core.channels.about.reorder_links import ReorderLinks, ReorderLinksRequest
from streamz.core.channels.about.update_link import UpdateLink, UpdateLinkRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.about.views import (
    UNSET,
    CreateLinkIn,
    OrderIn,
    SocialLinkList,
    SocialLinkOut,
    UpdateLinkIn,
)
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.openapi import BODY_EXAMPLE
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses


class PublicLinksController(Controller):
    path = "/channels/{identifier:str}/links"
    tags = ["social links"]

    @get(
        "/",
        summary="Fetch a channel's social links in order",
        responses=problem_responses(*READ_ERRORS),
    )
    @inject
    async def list_social_links(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListLinks],
    ) -> SocialLinkList:
        """Lists a channel's social links in their order, each with the platform derived from its
        URL. Anyone may read. 404 if the channel does not exist.
        """
        return SocialLinkList.of(await use_case(ListLinksRequest(principal, identifier)))

    @idempotent
    @post(
        "/",
        summary="Create a social link (added last; at most 10 per channel)",
        responses=problem_responses(*WRITE_ERRORS),
        opt={BODY_EXAMPLE: {"url": "https://www.youtube.com/@alice", "label": "Highlights"}},
    )
    @inject
    async def create_social_link(
        self,
        identifier: Identifier,
        data: JSONBody[CreateLinkIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[CreateLink],
    ) -> SocialLinkOut:
        """Adds a social link at the end of the list (http(s) URLs only, at most 10 per channel).
        The channel's owner, a moderator with `manage_settings`, staff (audited), or an API
        token with `channel:write`. 409 past the limit, 422 for a bad URL.
        """
        request = CreateLinkRequest(principal, identifier, data.url, data.label)
        return SocialLinkOut.of(await use_case(request))


class LinksController(PublicLinksController):
    """Every social link operation (Private and Admin)."""

    @patch(
        "/{link_id:uuid}",
        summary="Update a social link (only the fields sent)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def update_social_link(
        self,
        identifier: Identifier,
        link_id: FromPath[uuid.UUID],
        data: JSONBody[UpdateLinkIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateLink],
    ) -> SocialLinkOut:
        """Changes a social link's URL or label (only the fields sent; `null` removes the label).
        The channel's owner, a moderator with `manage_settings`, staff (audited), or an API
        token with `channel:write`. 404 if the link is not the channel's.
        """
        request = UpdateLinkRequest(
            principal,
            identifier,
            link_id,
            url=KEEP if data.url is UNSET else data.url,
            label=KEEP if data.label is UNSET else data.label,
        )
        return SocialLinkOut.of(await use_case(request))

    @put(
        "/order",
        summary="Reorder the social links (the full list of the channel's link ids)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def reorder_social_links(
        self,
        identifier: Identifier,
        data: JSONBody[OrderIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ReorderLinks],
    ) -> SocialLinkList:
        """Puts the social links in the order given: the full list of the channel's link ids, each
        once. The channel's owner, a moderator with `manage_settings`, staff (audited), or an
        API token with `channel:write`. 422 if the list is not a permutation of the ids.
        """
        links = await use_case(ReorderLinksRequest(principal, identifier, data.ids))
        return SocialLinkList.of(links)

    @delete(
        "/{link_id:uuid}",
        summary="Delete a social link",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def delete_social_link(
        self,
        identifier: Identifier,
        link_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeleteLink],
    ) -> None:
        """Deletes a social link; the others keep their order. The channel's owner, a moderator
        with `manage_settings`, staff (audited), or an API token with `channel:write`. 404 if
        the link is not the channel's.
        """
        await use_case(DeleteLinkRequest(principal, identifier, link_id))
