"""Route handlers (controllers) of subscriber badges, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.badges.badges import BadgeDeleteController, BadgesController

PUBLIC: list[ControllerRouterHandler] = [BadgesController]  # /public/v1 (no delete there)
PRIVATE: list[ControllerRouterHandler] = [BadgesController, BadgeDeleteController]
ADMIN: list[ControllerRouterHandler] = [BadgesController, BadgeDeleteController]
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # at / without a principal
