"""Route handlers of the websocket gateway, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.gateway.socket import gateway_socket

PUBLIC: list[ControllerRouterHandler] = []  # /public/v1 (anonymous or API token)
PRIVATE: list[ControllerRouterHandler] = []  # /private/v1 (signed-in session)
ADMIN: list[ControllerRouterHandler] = []  # /admin/v1 (staff, acting as staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = [gateway_socket]  # mounted at / (the /ws route)
