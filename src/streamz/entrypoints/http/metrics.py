"""``GET /metrics`` (Prometheus text format) and the HTTP series, from Litestar's Prometheus
middleware: ``streamz_http_requests_total``, ``..._request_duration_seconds``,
``..._requests_in_progress`` and ``..._requests_error_total`` (5xx), labelled by method, route
template (``path``, never the raw path) and ``status_code``.

``/metrics`` needs no credentials: keep it off the public side (the proxy or load balancer
should not route it; see docs/operations.md).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.plugins.prometheus import PrometheusConfig
from prometheus_client import CONTENT_TYPE_LATEST

from streamz.entrypoints import metrics


def http_metrics() -> PrometheusConfig:
    """The middleware's settings: HTTP requests only (websockets have their own series), by
    route template."""
    return PrometheusConfig(
        app_name="streamz",
        prefix="streamz_http",
        group_path=True,
        scopes={ScopeType.HTTP},
        buckets=[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    )


@get("/metrics", include_in_schema=False, cache=False)
async def metrics_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    body = await metrics.render(request.app.state.dishka_container)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
