"""Route handlers of notifications, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.notifications.controllers import (
    AdminNotificationsController,
    DevicesController,
    InboxController,
    UnsubscribeController,
)

PUBLIC: list[ControllerRouterHandler] = []  # /public/v1 (anonymous or API token)
PRIVATE: list[ControllerRouterHandler] = [  # /private/v1 (signed-in session)
    DevicesController,
    InboxController,
]
ADMIN: list[ControllerRouterHandler] = [AdminNotificationsController]  # /admin/v1 (staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks
ROOT: list[ControllerRouterHandler] = [UnsubscribeController]  # /unsubscribe/{token}
