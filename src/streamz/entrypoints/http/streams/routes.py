"""The streams context (issue 6): filled by its owner."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

PUBLIC: list[ControllerRouterHandler] = []  # /public/v1 (anonymous or API token)
PRIVATE: list[ControllerRouterHandler] = []  # /private/v1 (signed-in session)
ADMIN: list[ControllerRouterHandler] = []  # /admin/v1 (staff, acting as staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (each checks its own secret)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
