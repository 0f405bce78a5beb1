"""Route handlers (controllers) of the chat context, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.chat.chatrooms import ChatroomsController, PublicChatroomsController

# mounted under /public/v1 (principal: public): reads only
PUBLIC: list[ControllerRouterHandler] = [PublicChatroomsController]
PRIVATE: list[ControllerRouterHandler] = [ChatroomsController]  # /private/v1 (signed-in session)
ADMIN: list[ControllerRouterHandler] = [ChatroomsController]  # /admin/v1 (staff, acting as staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
