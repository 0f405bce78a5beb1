"""Errors of channel content; each ``code`` is the stable end of the problem ``type``."""

from __future__ import annotations

from streamz.core.errors import Conflict, Invalid, NotFound


class PanelNotFound(NotFound):
    code = "panel-not-found"
    title = "Panel not found"


class LinkNotFound(NotFound):
    code = "link-not-found"
    title = "Social link not found"


class PanelLimitReached(Conflict):
    code = "panel-limit-reached"
    title = "Panel limit reached"


class LinkLimitReached(Conflict):
    code = "link-limit-reached"
    title = "Social link limit reached"


class DuplicateLink(Conflict):
    code = "link-duplicate"
    title = "Social link already exists"


class InvalidOrder(Invalid):
    code = "invalid-order"
    title = "Not a permutation of the channel's items"
