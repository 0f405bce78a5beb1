"""Route handlers (controllers) of the directory context, by tier. app.py mounts these lists.

Per the seed table: stream info (fetch, update) is Private only; listings and VOD reads are
Public and Private; the followed listing needs an account (a session, or an API token on the
Public API); VOD updates are
Private; nothing here is on the Admin API.
"""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.directory.livestreams import (
    CategoryLivestreamsController,
    ChannelLivestreamsController,
    FollowedLivestreamsController,
    LivestreamsController,
)
from streamz.entrypoints.http.directory.stream_info import StreamInfoController
from streamz.entrypoints.http.directory.vods import (
    ChannelVodsController,
    PublicVodsController,
    VodsController,
)

_READS: list[ControllerRouterHandler] = [
    LivestreamsController,
    CategoryLivestreamsController,
    ChannelLivestreamsController,
    ChannelVodsController,
]
PUBLIC: list[ControllerRouterHandler] = [  # /public/v1 (the followed listing: tokens)
    *_READS,
    PublicVodsController,
    FollowedLivestreamsController,
]
PRIVATE: list[ControllerRouterHandler] = [  # /private/v1 (session)
    *_READS,
    VodsController,
    StreamInfoController,
    FollowedLivestreamsController,
]
ADMIN: list[ControllerRouterHandler] = []  # /admin/v1: the seed table offers none of these
WEBHOOKS: list[ControllerRouterHandler] = []  # /internal/webhooks (each checks its own secret)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
