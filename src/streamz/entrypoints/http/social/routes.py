"""Route handlers (controllers) of the social context, by tier. app.py mounts these lists.

Follows and notification preferences are the signed-in user's (Private only: not on the
Public or Admin tiers); categories are read on every tier and created on the Admin API.
"""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.social.categories import (
    AdminCategoriesController,
    CategoriesController,
)
from streamz.entrypoints.http.social.follows import (
    FollowedCategoriesController,
    FollowedChannelsController,
)
from streamz.entrypoints.http.social.preferences import NotificationPreferencesController

PUBLIC: list[ControllerRouterHandler] = [CategoriesController]  # /public/v1
PRIVATE: list[ControllerRouterHandler] = [  # /private/v1 (signed-in session)
    CategoriesController,
    NotificationPreferencesController,
    FollowedChannelsController,
    FollowedCategoriesController,
]
ADMIN: list[ControllerRouterHandler] = [  # /admin/v1 (staff session, acting as staff)
    CategoriesController,
    AdminCategoriesController,
]
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (Ory key)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal (e.g. /media/*)
