"""Route handlers of stored media files, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.media.files import get_media_file

PUBLIC: list[ControllerRouterHandler] = []  # /public/v1
PRIVATE: list[ControllerRouterHandler] = []  # /private/v1
ADMIN: list[ControllerRouterHandler] = []  # /admin/v1
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = [get_media_file]  # at / without a principal (/media/*)
