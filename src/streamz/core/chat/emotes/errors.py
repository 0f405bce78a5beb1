"""Errors of chat emotes; each ``code`` is the stable end of the problem ``type``."""

from __future__ import annotations

from streamz.core.errors import Conflict, NotFound


class EmoteNotFound(NotFound):
    code = "emote-not-found"
    title = "Emote not found"


class EmoteCodeTaken(Conflict):
    code = "emote-code-taken"
    title = "Emote code taken"


class EmoteLimitReached(Conflict):
    code = "emote-limit-reached"
    title = "Emote limit reached"
