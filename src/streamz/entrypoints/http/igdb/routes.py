"""Route handlers of IGDB categories, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.igdb.webhooks import IgdbWebhooks

PUBLIC: list[ControllerRouterHandler] = []  # /public/v1 (anonymous or API token)
PRIVATE: list[ControllerRouterHandler] = []  # /private/v1 (signed-in session)
ADMIN: list[ControllerRouterHandler] = []  # /admin/v1 (staff, acting as staff)
# /internal/webhooks/igdb/{create,update,delete}: IGDB's X-Secret, checked by IgdbWebhooks
WEBHOOKS: list[ControllerRouterHandler] = [IgdbWebhooks]
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
