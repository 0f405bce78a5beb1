"""Route handlers (controllers) of the chat_identity context, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.chat_identity.identities import (
    ChatIdentityController,
    PublicChatIdentityController,
)

# /public/v1 (anonymous or API token): fetch only
PUBLIC: list[ControllerRouterHandler] = [PublicChatIdentityController]
PRIVATE: list[ControllerRouterHandler] = [ChatIdentityController]  # /private/v1 (session)
ADMIN: list[ControllerRouterHandler] = [ChatIdentityController]  # /admin/v1 (staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
