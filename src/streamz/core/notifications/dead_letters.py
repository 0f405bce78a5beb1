"""Staff: deliveries given up after too many attempts."""

from __future__ import annotations

from dataclasses import dataclass

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.notifications.cursors import parse_cursor
from streamz.core.notifications.entities import DeliveryRecord
from streamz.ports.notifications import NotificationStore


@dataclass(frozen=True, slots=True)
class DeadLettersRequest:
    actor: Principal
    limit: int = 50
    after: str | None = None  # the last id of the previous page


@dataclass(frozen=True, slots=True)
class DeadLetters:
    """Deliveries given up after too many attempts, oldest first (staff)."""

    store: NotificationStore

    async def __call__(self, request: DeadLettersRequest) -> list[DeliveryRecord]:
        request.actor.require_staff()
        if not 1 <= request.limit <= 500:
            raise Invalid.field("query.limit", "between 1 and 500")
        return await self.store.dead_letters(parse_cursor(request.after), request.limit)
