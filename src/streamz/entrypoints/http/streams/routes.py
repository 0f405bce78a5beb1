"""Route handlers (controllers) of the streams context, by tier. app.py mounts these lists.

- Private: the owner's stream key (fetch, rotate) and VOD deletion.
- Admin: the stream without its key (staff never see keys; the seed table has no Admin VOD
  deletion).
- Public: nothing (a stream key is never for integrators; VOD deletion is ⚫ there).
- Webhooks: Livepeer's signed deliveries.
"""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from streamz.entrypoints.http.streams.keys import StreamIngestController, StreamKeyController
from streamz.entrypoints.http.streams.vods import VodDeleteController
from streamz.entrypoints.http.streams.webhooks import LivepeerWebhooks

PUBLIC: list[ControllerRouterHandler] = []  # /public/v1 (anonymous or API token)
PRIVATE: list[ControllerRouterHandler] = [StreamKeyController, VodDeleteController]
ADMIN: list[ControllerRouterHandler] = [StreamIngestController]  # /admin/v1 (staff)
WEBHOOKS: list[ControllerRouterHandler] = [LivepeerWebhooks]  # /internal/webhooks (signed)
ROOT: list[ControllerRouterHandler] = []  # mounted at / without a principal
