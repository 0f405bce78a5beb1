"""Route handlers of search, by tier. app.py mounts these lists.

Search is a read: Public (anonymous or API token) and Private (session) alike; the Internal
tier is `streamzctl search ...` and the library.
"""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.search.search import SearchController

PUBLIC: list[ControllerRouterHandler] = [SearchController]  # /public/v1
PRIVATE: list[ControllerRouterHandler] = [SearchController]  # /private/v1
ADMIN: list[ControllerRouterHandler] = []  # /admin/v1 (staff, acting as staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
