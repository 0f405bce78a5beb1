"""ASGI factory for servers started by import string (uvicorn/granian with several workers)."""

from __future__ import annotations

from litestar import Litestar

from streamz.container import make_container
from streamz.entrypoints.bootstrap import resolve_settings
from streamz.entrypoints.http.app import create_app
from streamz.entrypoints.logging import configure_logging


def app_from_env() -> Litestar:
    settings = resolve_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    return create_app(settings, make_container(settings))
