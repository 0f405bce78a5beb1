"""Errors of the notifications context."""

from __future__ import annotations

from streamz.core.errors import NotFound


class NotificationNotFound(NotFound):
    code = "notification-not-found"


class InboxItemNotFound(NotFound):
    code = "notification-not-found"


class DeviceNotFound(NotFound):
    code = "device-not-found"
