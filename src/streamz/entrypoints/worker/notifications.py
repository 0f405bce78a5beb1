"""The notifications context's worker jobs: functions and cron jobs the worker registers.

``notifications_trigger`` consumes outbox events (``NOTIFICATIONS_CONSUMER``); it queues
``notifications_expand`` (one page of recipients per job), which queues
``notifications_send`` (at most 500 deliveries per job). ``notifications_sweep`` (every
minute) queues again whatever a killed worker left behind.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import structlog
from dishka import AsyncContainer
from saq import CronJob

from streamz.core.events.consumers import from_wire
from streamz.core.identity.entities import Principal
from streamz.core.notifications.expand import ExpandNotification, ExpandNotificationRequest
from streamz.core.notifications.send import SendDeliveries, SendDeliveriesRequest
from streamz.core.notifications.sweep import SweepNotifications, SweepNotificationsRequest
from streamz.core.notifications.trigger import (
    TriggerNotifications,
    TriggerNotificationsRequest,
)

log = structlog.get_logger("streamz.notifications")


async def notifications_trigger(ctx: dict[str, Any], *, events: list[dict[str, Any]]) -> int:
    """Outbox events → notifications (one per event id), expansion queued; how many new."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(TriggerNotifications)
        result = await use_case(
            TriggerNotificationsRequest(Principal.system(), [from_wire(e) for e in events])
        )
    return len(result.created)


async def notifications_expand(
    ctx: dict[str, Any], *, notification_id: str, cursor: str | None = None
) -> int:
    """One page of a notification's audience → deliveries; sends and the next page queued."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(ExpandNotification)
        result = await use_case(
            ExpandNotificationRequest(Principal.system(), uuid.UUID(notification_id), cursor)
        )
    return result.deliveries


async def notifications_send(ctx: dict[str, Any], *, delivery_ids: list[str]) -> dict[str, int]:
    """Send one batch (≤ 500) of deliveries and record every outcome."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(SendDeliveries)
        report = await use_case(
            SendDeliveriesRequest(Principal.system(), [uuid.UUID(i) for i in delivery_ids])
        )
    return report.by_status


async def notifications_sweep(ctx: dict[str, Any]) -> dict[str, int]:
    """Cron: queue again expired leases, lost send jobs and stalled expansions."""
    container: AsyncContainer = ctx["container"]
    async with container() as request:
        use_case = await request.get(SweepNotifications)
        swept = await use_case(SweepNotificationsRequest(Principal.system()))
    if swept.deliveries or swept.expansions or swept.settled:
        log.info(
            "notifications swept",
            deliveries=swept.deliveries,
            expansions=swept.expansions,
            settled=swept.settled,
        )
    return {
        "deliveries": swept.deliveries,
        "expansions": swept.expansions,
        "settled": swept.settled,
    }


FUNCTIONS: list[Callable[..., Any]] = [
    notifications_trigger,
    notifications_expand,
    notifications_send,
    notifications_sweep,
]
CRON_JOBS: list[CronJob[Any]] = [CronJob(notifications_sweep, cron="* * * * *", timeout=120)]
