"""Route handlers (controllers) of channel subscriptions, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.subscriptions.subscriptions import (
    AdminSubscriptionsController,
    SubscribersController,
)

PUBLIC: list[ControllerRouterHandler] = []  # /public/v1
PRIVATE: list[ControllerRouterHandler] = [SubscribersController]  # /private/v1 (session)
ADMIN: list[ControllerRouterHandler] = [AdminSubscriptionsController]  # /admin/v1 (staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
