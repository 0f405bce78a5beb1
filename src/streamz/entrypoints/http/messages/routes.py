"""Route handlers (controllers) of chat messages, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.messages.messages import MessagesController

PUBLIC: list[ControllerRouterHandler] = [MessagesController]  # tokens: chat/moderation:write
PRIVATE: list[ControllerRouterHandler] = [MessagesController]  # /private/v1 (signed-in session)
ADMIN: list[ControllerRouterHandler] = []  # the seed has no message operations for staff
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
