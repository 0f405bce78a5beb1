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
    async def list_links(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListLinks],
    ) -> SocialLinkList:
        return SocialLinkList.of(await use_case(ListLinksRequest(principal, identifier)))

    @idempotent
    @post(
        "/",
        summary="Create a social link (added last; at most 10 per channel)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def create_link(
        self,
        identifier: Identifier,
        data: JSONBody[CreateLinkIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[CreateLink],
    ) -> SocialLinkOut:
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
    async def update_link(
        self,
        identifier: Identifier,
        link_id: FromPath[uuid.UUID],
        data: JSONBody[UpdateLinkIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdateLink],
    ) -> SocialLinkOut:
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
    async def reorder_links(
        self,
        identifier: Identifier,
        data: JSONBody[OrderIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ReorderLinks],
    ) -> SocialLinkList:
        links = await use_case(ReorderLinksRequest(principal, identifier, data.ids))
        return SocialLinkList.of(links)

    @delete(
        "/{link_id:uuid}",
        summary="Delete a social link",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def delete_link(
        self,
        identifier: Identifier,
        link_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeleteLink],
    ) -> None:
        await use_case(DeleteLinkRequest(principal, identifier, link_id))
