"""IGDB's webhook secret: IGDB sends the one registered with the webhook as ``X-Secret``."""

from __future__ import annotations

import functools
import hmac
from typing import Annotated, Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.params import HeaderParameter

from streamz.core.identity.entities import Principal
from streamz.core.live.igdb.errors import IgdbSecretInvalid
from streamz.settings import Settings

SECRET_HEADER = "X-Secret"
SECRET_FILE = "igdb-webhook-secret"


@functools.cache
def igdb_secret(settings: Settings) -> str | None:
    """``STREAMZ_IGDB_WEBHOOK_SECRET``; unset in local mode: one generated once in the data dir
    (``igdb-webhook-secret``); unset otherwise: None, and every delivery is refused."""
    if settings.igdb.webhook_secret:
        return settings.igdb.webhook_secret
    if not settings.auth.local_issuer:
        return None
    return settings.generated_secret(SECRET_FILE) or None


def check_secret(sent: str | None, settings: Settings) -> None:
    """``IgdbSecretInvalid`` (401) unless ``sent`` is the secret (compared in constant time)."""
    expected = igdb_secret(settings)
    if expected is None or not hmac.compare_digest((sent or "").encode(), expected.encode()):
        raise IgdbSecretInvalid(f"missing or wrong {SECRET_HEADER} header")


def secret_guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Checks ``X-Secret`` before anything else, the body included."""
    check_secret(connection.headers.get(SECRET_HEADER), connection.app.state.settings)


async def igdb_principal(
    request: Request[Any, Any, Any],
    x_secret: Annotated[
        str | None,
        HeaderParameter(
            name=SECRET_HEADER,
            required=False,
            description="The secret registered with the IGDB webhook",
        ),
    ] = None,
) -> Principal:
    """The system, for a delivery with the right ``X-Secret`` (checked again: the guard may
    be missing); it also documents the header."""
    check_secret(x_secret, request.app.state.settings)
    return Principal.system()
