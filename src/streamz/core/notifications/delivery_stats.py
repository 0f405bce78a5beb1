"""Staff: recent deliveries by provider and status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from streamz.core.errors import Invalid
from streamz.core.identity.entities import Principal
from streamz.core.notifications.entities import DeliveryStat
from streamz.ports.clock import Clock
from streamz.ports.notifications import NotificationStore


@dataclass(frozen=True, slots=True)
class DeliveryStatsRequest:
    actor: Principal
    minutes: int = 60


@dataclass(frozen=True, slots=True)
class DeliveryStats:
    """Deliveries updated in the last ``minutes`` (1..1440) by provider and status (staff)."""

    store: NotificationStore
    clock: Clock

    async def __call__(self, request: DeliveryStatsRequest) -> list[DeliveryStat]:
        request.actor.require_staff()
        if not 1 <= request.minutes <= 1440:
            raise Invalid.field("query.minutes", "between 1 and 1440")
        since = self.clock.now() - timedelta(minutes=request.minutes)
        rows = await self.store.recent_stats(since)
        provider = {"push": "fcm", "email": "ses"}
        return [DeliveryStat(provider.get(m, m), s, c) for m, s, c in rows]
