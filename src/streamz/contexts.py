"""The contexts of Streamz, named once.

A context has the same name in every layer that holds a part of it: ``core`` (a package under
its parent context), ``ports/<name>.py``, ``adapters/<tech>/<name>.py``, ``container/<name>.py``,
``entrypoints/http/<name>/``, ``entrypoints/cli/<name>.py`` and
``adapters/postgres/models/<name>.py``. The container, the HTTP app, the CLI and the table
models find their modules here; a new context is added to this tuple, and its CLI commands
also to the table of ``entrypoints/cli/main.py`` (``COMMANDS``, which lets ``streamzctl --help``
list every command without importing any context; a test compares the two).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

CONTEXTS: tuple[str, ...] = (
    "identity",
    "social",
    "channels",
    "about",  # a channel's panels and social links
    "media",  # stored files: the object store and the image codec
    "badges",  # subscriber badges
    "team",  # moderators, VIPs, OGs and the moderation log
    "subscriptions",  # channel subscriptions (the record)
    "chat",
    "blocked_terms",
    "emotes",
    "bans",
    "chat_identity",
    "messages",
    "realtime",
    "gateway",
    "live",
    "streams",
    "directory",
    "igdb",
    "search",
    "notification_delivery",
    "notifications",
    "idempotency",
)


def modules(package: str, member: str = "") -> list[ModuleType]:
    """Each context's module in ``package`` (``package.<context>[.member]``), in the order of
    ``CONTEXTS``; contexts without a part in that layer are skipped."""
    found = []
    for name in CONTEXTS:
        dotted = f"{package}.{name}.{member}" if member else f"{package}.{name}"
        try:
            spec = find_spec(dotted)
        except ModuleNotFoundError:  # the layer's <name> is a module, not a package
            spec = None
        if spec is not None:
            found.append(import_module(dotted))
    return found
