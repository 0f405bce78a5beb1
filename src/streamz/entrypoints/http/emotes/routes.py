"""Route handlers (controllers) of the emotes context, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.emotes.chat_emotes import EmotesController, PublicEmotesController

# mounted under /public/v1 (principal: public): fetch and create only (no delete there)
PUBLIC: list[ControllerRouterHandler] = [PublicEmotesController]
PRIVATE: list[ControllerRouterHandler] = [EmotesController]  # /private/v1 (signed-in session)
ADMIN: list[ControllerRouterHandler] = [EmotesController]  # /admin/v1 (staff, acting as staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
