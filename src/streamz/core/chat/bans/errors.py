"""Errors of chat bans and timeouts; each ``code`` is the stable end of the problem ``type``."""

from __future__ import annotations

from streamz.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound


class BanNotFound(NotFound):
    code = "ban-not-found"
    title = "No ban or timeout in force"


class CannotBanSelf(Invalid):
    code = "cannot-ban-self"
    title = "You cannot ban yourself"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, errors=[FieldError("body.user", detail)])


class CannotBanOwner(Forbidden):
    code = "cannot-ban-owner"
    title = "The channel's owner cannot be banned"


class CannotBanModerator(Forbidden):
    code = "cannot-ban-moderator"
    title = "A moderator cannot ban another moderator"


class BanConflict(Conflict):
    """Two writers raced past the lock (should not happen: writers queue on the channel)."""

    code = "ban-conflict"
    title = "The ban changed meanwhile"
