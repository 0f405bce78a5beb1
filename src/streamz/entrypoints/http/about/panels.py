"""Panels of a channel. Public: list and create; Private and Admin: also update, order, delete."""

from __future__ import annotations

import uuid

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from streamz.core.channels.about.create_panel import CreatePanel, CreatePanelRequest
from streamz.core.channels.about.delete_panel import DeletePanel, DeletePanelRequest
from streamz.core.channels.about.fields import KEEP
from streamz.core.channels.about.list_panels import ListPanels, ListPanelsRequest
from streamz.core.channels.about.reorder_panels import ReorderPanels, ReorderPanelsRequest
from streamz.core.channels.about.update_panel import UpdatePanel, UpdatePanelRequest
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.about.views import (
    UNSET,
    CreatePanelIn,
    OrderIn,
    PanelList,
    PanelOut,
    UpdatePanelIn,
)
from streamz.entrypoints.http.channels.channels import Identifier
from streamz.entrypoints.http.idempotency import Idempotent, idempotent
from streamz.entrypoints.http.openapi import BODY_EXAMPLE
from streamz.entrypoints.http.problems import READ_ERRORS, WRITE_ERRORS, problem_responses


class PublicPanelsController(Controller):
    path = "/channels/{identifier:str}/panels"
    tags = ["panels"]

    @get(
        "/", summary="Fetch a channel's panels in order", responses=problem_responses(*READ_ERRORS)
    )
    @inject
    async def list_panels(
        self,
        identifier: Identifier,
        principal: NamedDependency[Principal],
        use_case: FromDishka[ListPanels],
    ) -> PanelList:
        """Lists a channel's about panels in their order (title, markdown body, optional image and
        link). Anyone may read. 404 if the channel does not exist.
        """
        return PanelList.of(await use_case(ListPanelsRequest(principal, identifier)))

    @idempotent
    @post(
        "/",
        summary="Create a panel (added last; at most 20 per channel)",
        responses=problem_responses(*WRITE_ERRORS),
        opt={
            BODY_EXAMPLE: {
                "title": "Schedule",
                "body": "**Mon-Fri** 18:00-22:00 UTC",
                "image_url": None,
                "link_url": "https://example.com/schedule",
            }
        },
    )
    @inject
    async def create_panel(
        self,
        identifier: Identifier,
        data: JSONBody[CreatePanelIn],
        principal: NamedDependency[Principal],
        idempotency: NamedDependency[Idempotent],  # Idempotency-Key
        use_case: FromDishka[CreatePanel],
    ) -> PanelOut:
        """Adds a panel at the end of the list (at most 20 per channel). The channel's owner, a
        moderator with `manage_settings`, staff (audited), or an API token with `channel:write`.
        409 past the limit; an `Idempotency-Key` makes a retry safe.
        """
        request = CreatePanelRequest(
            principal, identifier, data.title, data.body, data.image_url, data.link_url
        )
        return PanelOut.of(await use_case(request))


class PanelsController(PublicPanelsController):
    """Every panel operation (Private and Admin)."""

    @patch(
        "/{panel_id:uuid}",
        summary="Update a panel (only the fields sent)",
        responses=problem_responses(*WRITE_ERRORS),
        opt={BODY_EXAMPLE: {"title": "Weekly schedule", "image_url": None}},
    )
    @inject
    async def update_panel(
        self,
        identifier: Identifier,
        panel_id: FromPath[uuid.UUID],
        data: JSONBody[UpdatePanelIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[UpdatePanel],
    ) -> PanelOut:
        """Changes a panel (only the fields sent; `null` removes the image or link URL). The
        channel's owner, a moderator with `manage_settings`, staff (audited), or an API token
        with `channel:write`. 404 if the panel is not the channel's.
        """
        request = UpdatePanelRequest(
            principal,
            identifier,
            panel_id,
            title=KEEP if data.title is UNSET else data.title,
            body=KEEP if data.body is UNSET else data.body,
            image_url=KEEP if data.image_url is UNSET else data.image_url,
            link_url=KEEP if data.link_url is UNSET else data.link_url,
        )
        return PanelOut.of(await use_case(request))

    @put(
        "/order",
        summary="Reorder the panels (the full list of the channel's panel ids)",
        responses=problem_responses(*WRITE_ERRORS),
    )
    @inject
    async def reorder_panels(
        self,
        identifier: Identifier,
        data: JSONBody[OrderIn],
        principal: NamedDependency[Principal],
        use_case: FromDishka[ReorderPanels],
    ) -> PanelList:
        """Puts the panels in the order given: the full list of the channel's panel ids, each once.
        The channel's owner, a moderator with `manage_settings`, staff (audited), or an API
        token with `channel:write`. 422 if the list is not a permutation of the ids.
        """
        return PanelList.of(await use_case(ReorderPanelsRequest(principal, identifier, data.ids)))

    @delete(
        "/{panel_id:uuid}", summary="Delete a panel", responses=problem_responses(*WRITE_ERRORS)
    )
    @inject
    async def delete_panel(
        self,
        identifier: Identifier,
        panel_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        use_case: FromDishka[DeletePanel],
    ) -> None:
        """Deletes a panel; the others keep their order. The channel's owner, a moderator with
        `manage_settings`, staff (audited), or an API token with `channel:write`. 404 if the
        panel is not the channel's.
        """
        await use_case(DeletePanelRequest(principal, identifier, panel_id))
