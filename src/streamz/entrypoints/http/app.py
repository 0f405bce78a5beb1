"""The Litestar application factory: four tiers, problem+json errors, OpenAPI at /schema
(see ``streamz.entrypoints.http.openapi``)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from dishka import AsyncContainer
from dishka.integrations.litestar import setup_dishka
from litestar import Litestar, Router
from litestar.di import Provide

from streamz import shutdown
from streamz.contexts import modules
from streamz.entrypoints import tracing
from streamz.entrypoints.gateway import routes as gateway_routes
from streamz.entrypoints.http import openapi
from streamz.entrypoints.http.auth import (
    SECURITY_COMPONENTS,
    private_principal,
    public_principal,
    staff_principal,
    webhook_principal,
)
from streamz.entrypoints.http.channels.channels import ChannelsController
from streamz.entrypoints.http.channels.page import ChannelPageController
from streamz.entrypoints.http.health import health, jwks, ready
from streamz.entrypoints.http.identity.accounts import AccountsController
from streamz.entrypoints.http.identity.admin import AdminAccountsController
from streamz.entrypoints.http.identity.me import MeController
from streamz.entrypoints.http.limits import rate_limit_headers
from streamz.entrypoints.http.metrics import measured, metrics_endpoint
from streamz.entrypoints.http.middleware import cors_and_caching, request_id_middleware
from streamz.entrypoints.http.problems import EXCEPTION_HANDLERS
from streamz.entrypoints.http.requests import StreamzRequest
from streamz.entrypoints.http.webhooks.ory import OryWebhooks
from streamz.settings import Settings
from streamz.shutdown import bounded_close

_CONTEXTS = [*modules("streamz.entrypoints.http", "routes"), gateway_routes]


def _tiers() -> list[Router]:
    public = Router(
        "/public/v1",
        route_handlers=[
            AccountsController,
            ChannelsController,
            ChannelPageController,
            *(h for c in _CONTEXTS for h in c.PUBLIC),
        ],
        dependencies={"principal": Provide(public_principal)},
        security=[{}, {"apiToken": []}],
        tags=["public"],
    )
    private = Router(
        "/private/v1",
        route_handlers=[
            AccountsController,
            ChannelsController,
            ChannelPageController,
            MeController,
            *(h for c in _CONTEXTS for h in c.PRIVATE),
        ],
        dependencies={"principal": Provide(private_principal)},
        security=[{"session": []}],
        tags=["private"],
    )
    admin = Router(
        "/admin/v1",
        route_handlers=[
            AccountsController,
            ChannelsController,
            ChannelPageController,
            AdminAccountsController,
            *(h for c in _CONTEXTS for h in c.ADMIN),
        ],
        dependencies={"principal": Provide(staff_principal)},
        security=[{"session": []}],
        tags=["admin"],
    )
    webhooks = Router(
        "/internal/webhooks",
        route_handlers=[OryWebhooks, *(h for c in _CONTEXTS for h in c.WEBHOOKS)],
        dependencies={"principal": Provide(webhook_principal)},
        tags=["internal"],  # each controller names how its sender authenticates
    )
    return [public, private, admin, webhooks]


def create_app(settings: Settings, container: AsyncContainer) -> Litestar:
    """Build the HTTP app around ``container`` (see ``streamz.container.make_container``).

    The app closes the container on shutdown, within ``CONTAINER_SECONDS``: a finalizer that
    hangs is cut short (and logged) rather than holding the server's exit.
    """

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        # Startup objects (modules, routes, the container) never die: keep them out of the
        # collector's generations, so full collections stay short under load.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await bounded_close("API container", container.close(), shutdown.CONTAINER_SECONDS)

    handlers: list[object] = [
        health,
        ready,
        metrics_endpoint,
        *_tiers(),
        *(h for c in _CONTEXTS for h in c.ROOT),
    ]
    if settings.auth.local_issuer:
        handlers.append(jwks)
    app = Litestar(
        route_handlers=handlers,  # type: ignore[arg-type]
        exception_handlers=EXCEPTION_HANDLERS,
        request_class=StreamzRequest,
        lifespan=[lifespan],
        request_max_body_size=settings.http.max_body_bytes,
        middleware=tracing.http_middleware(),  # none unless OTEL_* turn tracing on
        openapi_config=openapi.openapi_config(SECURITY_COMPONENTS),
        plugins=openapi.PLUGINS,
        debug=False,
        logging_config=None,  # streamz.entrypoints.logging configures every logger
    )
    app.state.settings = settings
    setup_dishka(container, app)
    # CORS preflights answered before rate limits and authentication; CORS and no-store headers
    # on every answer, errors included
    cors = cors_and_caching(
        rate_limit_headers(app.asgi_handler),
        public_origins=settings.http.cors_origins,
        private_origins=settings.http.private_cors_origins,
    )
    # outermost, so that unmatched routes (404/405) get a request id and an access-log line too
    # HTTP metrics by route template (streamz_http_*), whatever answered
    app.asgi_handler = request_id_middleware(measured(cors))
    return app
