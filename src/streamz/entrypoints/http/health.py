"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

import msgspec
from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Request, Response, get
from litestar.openapi import ResponseSpec

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz.entrypoints.outages import RETRY_AFTER_SECONDS
from streamz.entrypoints.readiness import CORE, readiness


class Ready(msgspec.Struct, frozen=True):
    status: str  # ok, degraded (only Typesense down), unavailable (PostgreSQL or Redis down)
    checks: dict[str, str]  # each dependency: "ok" or "unavailable: <error class>"
    core: list[str]  # the dependencies without which the instance is not ready


@get("/health", summary="Liveness: the process answers", tags=["health"])
async def health() -> dict[str, str]:
    """200 `{"status": "ok"}` while the process serves requests; it checks no dependency (see
    `/ready`). For liveness probes; no credentials."""
    return {"status": "ok"}


@get(
    "/ready",
    summary="Readiness: PostgreSQL and Redis answer (Typesense down: 200, degraded)",
    tags=["health"],
    responses={503: ResponseSpec(data_container=Ready, description="PostgreSQL or Redis is down")},
)
async def ready(request: Request[Any, Any, Any]) -> Response[Ready]:
    """200 while the core (PostgreSQL, Redis) answers, with ``status`` ``ok`` or ``degraded``
    (Typesense down: search answers 503, the rest works); 503 with ``Retry-After`` when a core
    dependency is down. ``checks`` gives each dependency's state."""
    result = await readiness(request.app.state.dishka_container)
    body = Ready(result.status, result.checks, list(CORE))
    if result.status == "unavailable":
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return Response(body, status_code=503, headers=headers)
    return Response(body, status_code=200)


@get("/.well-known/jwks.json", summary="Keys of the local session issuer", tags=["health"])
@inject
async def jwks(issuer: FromDishka[LocalIssuer]) -> dict[str, Any]:
    """The public keys of the local session issuer (`cli/dev`, tests), as a JWK set; served
    only when that issuer is on. No credentials."""
    return issuer.jwks()
