"""Errors particular to the social context."""

from streamz.core.errors import Conflict


class CannotFollowSelf(Conflict):
    code = "cannot-follow-self"
    title = "You cannot follow your own channel"
