"""Who is asking, per tier: each router provides ``principal`` with one of these."""

from __future__ import annotations

import hmac
from dataclasses import replace
from typing import Any

from dishka import AsyncContainer
from litestar import Request
from litestar.openapi.spec import Components, SecurityScheme

from streamz.core.errors import Unauthenticated
from streamz.core.identity.authenticate import Authenticate, AuthenticateRequest
from streamz.core.identity.entities import Principal, PrincipalKind
from streamz.entrypoints.http import limits
from streamz.settings import Settings

ORY_KEY_HEADER = "X-Ory-Api-Key"

SECURITY_COMPONENTS = Components(
    security_schemes={
        "session": SecurityScheme(
            type="http",
            scheme="bearer",
            bearer_format="JWT",
            description="Ory session tokenized as a JWT (Private and Admin APIs).",
        ),
        "apiToken": SecurityScheme(
            type="http",
            scheme="bearer",
            description="A Public API token (`stz_...`) created at /private/v1/me/tokens.",
        ),
        "oryWebhookKey": SecurityScheme(
            type="apiKey",
            name=ORY_KEY_HEADER,
            security_scheme_in="header",
            description="The API key Ory's web_hook action sends.",
        ),
        "igdbSecret": SecurityScheme(
            type="apiKey",
            name="X-Secret",
            security_scheme_in="header",
            description="The secret registered with IGDB's webhooks.",
        ),
    }
)


def _bearer(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, credential = header.partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
    return credential.strip()


async def _authenticate(request: Request[Any, Any, Any], *, allow_api_token: bool) -> Principal:
    bearer = _bearer(request)
    if bearer is None:  # anonymous: nothing to look up
        return Principal.anonymous()
    container: AsyncContainer = request.state.dishka_container
    authenticate = await container.get(Authenticate)
    return await authenticate(AuthenticateRequest(bearer, allow_api_token))


async def public_principal(request: Request[Any, Any, Any]) -> Principal:
    """Anonymous, an API token, or a session: the Public API reads for anyone, within limits
    (``limits``: per API token/account, else per client address)."""
    try:
        principal = await _authenticate(request, allow_api_token=True)
    except Unauthenticated:  # a refused credential counts against the client address
        await limits.enforce(request, "public", limits.address_subject(request))
        raise
    await limits.enforce_for(request, "public", principal)
    return principal


async def private_principal(request: Request[Any, Any, Any]) -> Principal:
    """A signed-in session within the Private API's limits (``limits``: per account, per client
    address while unauthenticated, and a route's own extra policy such as token creation)."""
    try:
        principal = await user_principal(request)
    except Unauthenticated:
        await limits.enforce(request, "private", limits.address_subject(request))
        raise
    await limits.enforce_for(request, "private", principal)
    return principal


async def user_principal(request: Request[Any, Any, Any]) -> Principal:
    """A signed-in session (the Private API adds its limits: ``private_principal``)."""
    principal = await _authenticate(request, allow_api_token=False)
    if principal.kind is not PrincipalKind.USER:
        raise Unauthenticated("the Private API needs a session token")
    return principal


async def staff_principal(request: Request[Any, Any, Any]) -> Principal:
    """A signed-in staff session: the Admin API."""
    principal = await user_principal(request)
    principal.require_staff()
    return replace(principal, kind=PrincipalKind.STAFF)


async def webhook_principal(request: Request[Any, Any, Any]) -> Principal:
    """Ory's web_hook action: the configured API key, compared in constant time."""
    settings: Settings = request.app.state.settings
    sent = request.headers.get(ORY_KEY_HEADER, "")
    if not hmac.compare_digest(sent.encode(), settings.webhook_key().encode()):
        raise Unauthenticated(f"missing or wrong {ORY_KEY_HEADER} header")
    return Principal.system()
