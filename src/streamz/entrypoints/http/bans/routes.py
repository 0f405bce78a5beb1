"""Route handlers (controllers) of the bans context, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.bans.bans import BansController, PublicBansController

# mounted under /public/v1 (anonymous or API token): fetch and ban only
PUBLIC: list[ControllerRouterHandler] = [PublicBansController]
PRIVATE: list[ControllerRouterHandler] = [BansController]  # /private/v1 (session)
ADMIN: list[ControllerRouterHandler] = [BansController]  # /admin/v1 (staff, acting as staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
