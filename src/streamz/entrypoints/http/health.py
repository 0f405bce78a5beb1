"""Liveness and readiness."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
from dishka import FromDishka
from dishka.integrations.litestar import inject
from litestar import Response, get
from litestar.openapi import ResponseSpec

from streamz.adapters.jwks.local_issuer import LocalIssuer
from streamz.ports.health import HealthCheck


class Ready(msgspec.Struct, frozen=True):
    status: str
    checks: dict[str, str]


@get("/health", summary="Liveness: the process answers", tags=["health"])
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get(
    "/ready",
    summary="Readiness: Postgres, Redis and Typesense answer",
    tags=["health"],
    responses={503: ResponseSpec(data_container=Ready, description="A dependency is down")},
)
@inject
async def ready(checks: FromDishka[list[HealthCheck]]) -> Response[Ready]:
    async def run(check: HealthCheck) -> tuple[str, str]:
        try:
            await asyncio.wait_for(check.check(), timeout=2.0)
        except Exception as error:
            return check.name, f"unavailable: {type(error).__name__}"
        return check.name, "ok"

    results = dict(await asyncio.gather(*(run(c) for c in checks)))
    ok = all(v == "ok" for v in results.values())
    body = Ready("ok" if ok else "unavailable", results)
    return Response(body, status_code=200 if ok else 503)


@get("/.well-known/jwks.json", summary="Keys of the local session issuer", tags=["health"])
@inject
async def jwks(issuer: FromDishka[LocalIssuer]) -> dict[str, Any]:
    return issuer.jwks()
