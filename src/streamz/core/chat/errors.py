"""Errors of chatrooms; each ``code`` is the stable end of the problem ``type``."""

from __future__ import annotations

from streamz.core.errors import NotFound


class ChatroomNotFound(NotFound):
    code = "chatroom-not-found"
    title = "Chatroom not found"
