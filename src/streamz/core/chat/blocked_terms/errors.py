"""Errors of blocked terms; each ``code`` is the stable end of the problem ``type``."""

from __future__ import annotations

from streamz.core.errors import Conflict, NotFound


class BlockedTermNotFound(NotFound):
    code = "blocked-term-not-found"
    title = "Blocked term not found"


class BlockedTermExists(Conflict):
    code = "blocked-term-exists"
    title = "Blocked term already exists"


class BlockedTermLimitReached(Conflict):
    code = "blocked-term-limit-reached"
    title = "Blocked term limit reached"
