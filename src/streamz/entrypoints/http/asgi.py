"""ASGI factory for servers started by import string (uvicorn/granian with several workers)."""

from __future__ import annotations

import gc

from litestar import Litestar

from streamz.container import make_container
from streamz.entrypoints import tracing
from streamz.entrypoints.bootstrap import resolve_settings
from streamz.entrypoints.http.app import create_app
from streamz.entrypoints.logging import configure_logging

_preloaded: list[Litestar] = []  # the one app ``preload`` built, if it ran


def app_from_env() -> Litestar:
    """The app, from the environment; the one ``preload`` built, in a forked worker."""
    if _preloaded:
        return _preloaded[0]
    settings = resolve_settings()
    configure_logging(settings.log.level, json=settings.log.json)
    tracing.setup_tracing(tracing.API)  # only if OTEL_* variables ask for it
    return create_app(settings, make_container(settings))


def preload() -> None:
    """Build the app in a server's parent process, before it forks its workers: each worker
    (and each replacement of a worker that died) starts with its own copy at once instead of
    building one. Nothing in it is connected or started until the worker's lifespan runs."""
    _preloaded.clear()
    _preloaded.append(app_from_env())
    gc.collect()
    gc.freeze()  # shared with the workers, never collected: their startup collection is short
