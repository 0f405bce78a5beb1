"""Request rate limits of the HTTP API and the IETF ``RateLimit`` headers that announce them.

Policies (fixed windows counted by the ``RateLimiter`` port: Redis, shared by every process):

- ``public``: Public API requests a minute per API token/account, else per client address
  (``STREAMZ_PUBLIC_RATE_LIMIT``).
- ``private``: Private API requests a minute per account, else per client address
  (``STREAMZ_PRIVATE_RATE_LIMIT``).
- ``api-tokens``: API tokens created an hour per account (``STREAMZ_API_TOKEN_RATE_LIMIT``),
  on top of ``private``; a route names such an extra policy in its ``opt`` (``RATE_LIMIT``).

A request whose credential is refused still counts, per client address (guessing tokens is
limited too). Past a limit: 429 problem ``rate-limited`` with ``Retry-After``.

Every response of a limited request, 429s and other errors included, carries the fields of
draft-ietf-httpapi-ratelimit-headers (-10, the current form), one list member per policy
that counted it::

    RateLimit-Policy: "private";q=1200;w=60, "api-tokens";q=10;w=3600
    RateLimit: "private";r=1187;t=42, "api-tokens";r=9;t=2518

``q`` quota, ``w`` window (s), ``r`` remaining, ``t`` seconds until the window resets. Client
addresses come from ``client_ip`` (``X-Forwarded-For`` only from trusted proxies); IPv6
addresses count per /64.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dishka import AsyncContainer
from litestar import Request
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from streamz.core.errors import RateLimited
from streamz.core.identity.entities import Principal
from streamz.entrypoints.http.client_ip import client_ip_of, limit_key
from streamz.ports.rate_limits import RateDecision, RateLimiter
from streamz.settings import Settings

RATE_LIMIT = "rate_limit"  # route ``opt`` key: the name of an extra policy for that route
API_TOKENS = "api-tokens"
_STATE_KEY = "rate_limits"  # scope state: the (policy, decision) pairs of this request


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    quota: int
    window: int  # seconds
    per: str  # what is counted, for the 429's detail


def policy(name: str, settings: Settings) -> Policy:
    if name == "public":
        return Policy(name, settings.limits.public_per_minute, 60, "requests a minute")
    if name == "private":
        return Policy(name, settings.limits.private_per_minute, 60, "requests a minute")
    if name == API_TOKENS:
        return Policy(name, settings.limits.api_tokens_per_hour, 3600, "API tokens created an hour")
    raise KeyError(name)


async def enforce(request: Request[Any, Any, Any], name: str, subject: str) -> None:
    """Count this request against ``name`` for ``subject`` (``account:<id>``, ``ip:<key>``);
    ``RateLimited`` past the quota. The decision is kept for the response's headers."""
    settings: Settings = request.app.state.settings
    rule = policy(name, settings)
    container: AsyncContainer = request.state.dishka_container
    limiter = await container.get(RateLimiter)
    decision = await limiter.hit(f"{name}:{subject}", limit=rule.quota, window=rule.window)
    request.scope.setdefault("state", {}).setdefault(_STATE_KEY, []).append((rule, decision))
    if not decision.allowed:
        raise RateLimited(
            f"more than {rule.quota} {rule.per}; retry later", retry_after=decision.retry_after
        )


def address_subject(request: Request[Any, Any, Any]) -> str:
    return f"ip:{limit_key(client_ip_of(request.scope))}"


async def enforce_for(request: Request[Any, Any, Any], name: str, principal: Principal) -> None:
    """``name`` per account (per client address for anonymous callers), then the route's own
    extra policy (per account) if it names one."""
    account = principal.account_id
    subject = f"account:{account}" if account is not None else address_subject(request)
    await enforce(request, name, subject)
    extra = request.route_handler.opt.get(RATE_LIMIT)
    if isinstance(extra, str) and account is not None:
        await enforce(request, extra, f"account:{account}")


def _item(rule: Policy, decision: RateDecision) -> tuple[str, str]:
    name = '"' + rule.name + '"'
    return (
        f"{name};q={rule.quota};w={rule.window}",
        f"{name};r={decision.remaining};t={decision.retry_after}",
    )


def rate_limit_headers(app: ASGIApp) -> ASGIApp:
    """``RateLimit-Policy`` and ``RateLimit`` on every response of a request that a policy
    counted (set by ``enforce``), whatever its status."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                counted = scope.get("state", {}).get(_STATE_KEY)
                if counted:
                    items = [_item(rule, decision) for rule, decision in counted]
                    headers = list(message.get("headers", []))
                    headers.append((b"ratelimit-policy", ", ".join(p for p, _ in items).encode()))
                    headers.append((b"ratelimit", ", ".join(r for _, r in items).encode()))
                    message["headers"] = headers
            await send(message)

        await app(scope, receive, send_with_limits)

    return middleware
