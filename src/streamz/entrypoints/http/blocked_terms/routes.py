"""Route handlers (controllers) of the terms context, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.blocked_terms.blocked_terms import (
    BlockedTermsController,
    PublicBlockedTermsController,
)

# mounted under /public/v1 (principal: public): reads and creates only
PUBLIC: list[ControllerRouterHandler] = [PublicBlockedTermsController]
PRIVATE: list[ControllerRouterHandler] = [BlockedTermsController]  # /private/v1 (session)
ADMIN: list[ControllerRouterHandler] = [BlockedTermsController]  # /admin/v1 (staff)
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
