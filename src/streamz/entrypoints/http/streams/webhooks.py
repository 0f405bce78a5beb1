"""Livepeer Studio's webhook (Internal tier): ``POST /internal/webhooks/livepeer``.

Configure the Livepeer webhook with this URL and a shared secret equal to
``STREAMZ_LIVEPEER_WEBHOOK_SECRET``; subscribe to ``stream.started``, ``stream.idle`` and
``recording.ready`` (other events are stored and ignored). The raw body is what Livepeer
signed, so it is read as bytes and checked before it is parsed.
"""

from __future__ import annotations

from typing import Any

from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Controller, Request, Response, post
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from streamz.core.identity.entities import Principal
from streamz.core.live.streams.receive_webhook import (
    ReceiveLivepeerWebhook,
    ReceiveLivepeerWebhookRequest,
)
from streamz.core.live.streams.signature import HEADER
from streamz.entrypoints.http.problems import problem_responses
from streamz.entrypoints.http.streams.views import WebhookReceiptOut

SYSTEM = Principal.system()


class LivepeerWebhooks(Controller):
    path = "/livepeer"
    tags = ["webhooks"]

    @post(
        "/",
        summary="Livepeer Studio webhook: stream started/idle, recording ready",
        description=f"Signed with `{HEADER}: t=<unix ms>,v1=<hex HMAC-SHA256(secret, raw "
        "body)>`; timestamps more than 5 minutes off are refused. 202: stored and queued; 200: "
        "a delivery seen before (deduplicated by its `id`). Unknown events and streams are "
        "stored and acknowledged.",
        status_code=HTTP_202_ACCEPTED,
        responses=problem_responses(400, 401, 413, 422, 503),
    )
    @inject
    async def livepeer_event(
        self, request: Request[Any, Any, Any], use_case: FromDishka[ReceiveLivepeerWebhook]
    ) -> Response[WebhookReceiptOut]:
        body = await request.body()
        receipt = await use_case(
            ReceiveLivepeerWebhookRequest(SYSTEM, body, request.headers.get(HEADER))
        )
        status = HTTP_200_OK if receipt.duplicate else HTTP_202_ACCEPTED
        return Response(WebhookReceiptOut.of(receipt), status_code=status)
