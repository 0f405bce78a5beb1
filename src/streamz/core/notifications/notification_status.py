"""Staff: one notification and its deliveries by status."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import NotificationProgress
from streamz.core.notifications.errors import NotificationNotFound
from streamz.ports.notifications import NotificationStore


@dataclass(frozen=True, slots=True)
class NotificationStatusRequest:
    actor: Principal
    notification_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class NotificationStatus:
    """One notification and its deliveries by status (staff or system)."""

    store: NotificationStore

    async def __call__(self, request: NotificationStatusRequest) -> NotificationProgress:
        request.actor.require_staff()
        notification = await self.store.get(request.notification_id)
        if notification is None:
            raise NotificationNotFound(f"no notification {request.notification_id}")
        return NotificationProgress(
            notification, await self.store.progress(request.notification_id)
        )
