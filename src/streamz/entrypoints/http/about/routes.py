"""Route handlers (controllers) of the content context, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.about.links import LinksController, PublicLinksController
from streamz.entrypoints.http.about.panels import PanelsController, PublicPanelsController

# mounted under /public/v1 (principal: public): reads and creates only
PUBLIC: list[ControllerRouterHandler] = [PublicPanelsController, PublicLinksController]
PRIVATE: list[ControllerRouterHandler] = [PanelsController, LinksController]  # /private/v1
ADMIN: list[ControllerRouterHandler] = [PanelsController, LinksController]  # /admin/v1 (staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal (e.g. /media/*)
