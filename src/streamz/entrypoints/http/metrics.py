"""``GET /metrics`` (Prometheus text format) and the HTTP series: ``streamz_http_requests_total``,
``streamz_http_request_duration_seconds`` (by method, route template and status) and
``streamz_http_requests_in_progress`` (by method).

The series are kept by ``measured``, an ASGI wrapper around the whole app (so a path that no
route matches is counted too, as ``path="unmatched"``). Litestar's Prometheus middleware does
the same job but cost ~75 µs a request here (a ``Request`` object, label dictionaries and four
``labels()`` lookups per call; ``bench/metrics_overhead.py``); this one keeps the children of
each (method, route, status) it has seen and makes two ``inc`` and an ``observe`` a request.

``/metrics`` needs no credentials: keep it off the public side (the proxy or load balancer
should not route it; see docs/operations.md).
"""

from __future__ import annotations

import time
from typing import Any

from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram

from streamz.adapters.prometheus.metrics import HTTP_IN_PROGRESS, HTTP_REQUESTS, HTTP_SECONDS
from streamz.entrypoints import metrics

UNMATCHED = "unmatched"  # the route label of a path no route matches
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})  # else "other"


def measured(app: ASGIApp) -> ASGIApp:
    """``app`` with its HTTP requests counted and timed (websockets pass through)."""
    answered: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
    in_progress: dict[str, Gauge] = {}

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        method = scope["method"] if scope["method"] in METHODS else "other"
        flight = in_progress.get(method)
        if flight is None:
            flight = in_progress[method] = HTTP_IN_PROGRESS.labels(method)
        status = 500  # unless a response starts
        started = time.perf_counter()

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        flight.inc()
        try:
            await app(scope, receive, sending)
        finally:
            flight.dec()
            key = (method, scope.get("path_template") or UNMATCHED, status)
            children = answered.get(key)
            if children is None:
                children = answered[key] = (HTTP_REQUESTS.labels(*key), HTTP_SECONDS.labels(*key))
            children[0].inc()
            children[1].observe(time.perf_counter() - started)

    return middleware


@get("/metrics", include_in_schema=False, cache=False)
async def metrics_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    body = await metrics.render(request.app.state.dishka_container)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
