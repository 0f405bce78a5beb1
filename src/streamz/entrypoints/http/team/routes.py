"""Route handlers (controllers) of the channel team, by tier. app.py mounts these lists."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.team.log import ModerationLogController
from streamz.entrypoints.http.team.team import PUBLIC_TEAM, TEAM

# /public/v1 (principal: public): fetch and create roles only
PUBLIC: list[ControllerRouterHandler] = [*PUBLIC_TEAM]
# /private/v1 (signed-in session)
PRIVATE: list[ControllerRouterHandler] = [*TEAM, ModerationLogController]
# /admin/v1 (staff session, acting as staff)
ADMIN: list[ControllerRouterHandler] = [*TEAM, ModerationLogController]
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal (e.g. /media/*)
