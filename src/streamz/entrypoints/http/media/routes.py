"""Route handlers (controllers) of the media context, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.media.badges import BadgeDeleteController, BadgesController
from streamz.entrypoints.http.media.files import media_file

PUBLIC: list[ControllerRouterHandler] = [BadgesController]  # /public/v1 (no delete there)
PRIVATE: list[ControllerRouterHandler] = [BadgesController, BadgeDeleteController]
ADMIN: list[ControllerRouterHandler] = [BadgesController, BadgeDeleteController]
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = [media_file]  # at / without a principal
