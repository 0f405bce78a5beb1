"""Route handlers of notifications, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

PUBLIC: list[ControllerRouterHandler] = []  # /public/v1 (anonymous or API token)
PRIVATE: list[ControllerRouterHandler] = []  # /private/v1 (signed-in session)
ADMIN: list[ControllerRouterHandler] = []  # /admin/v1 (staff, acting as staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
