"""What every badge change leaves behind: an outbox event, and an audit entry unless the
owner made it (staff on the Admin API, moderators, the system)."""

from __future__ import annotations

from datetime import datetime

from streamz.core.channels.access import ChannelAccess, audit
from streamz.core.channels.audit import ActingAs
from streamz.core.channels.badges.entities import UPDATED, Badge
from streamz.core.identity.entities import Principal
from streamz.core.shared.events import Event
from streamz.ports.team import AuditLog
from streamz.ports.unit_of_work import UnitOfWork


async def record(
    uow: UnitOfWork,
    audit_log: AuditLog,
    access: ChannelAccess,
    actor: Principal,
    badge: Badge,
    change: str,  # "created" or "deleted"
    at: datetime,
) -> None:
    details = {"badge_id": str(badge.id), "months": badge.months}
    uow.record(
        Event(
            UPDATED,
            str(badge.channel_id),
            {"channel_id": str(badge.channel_id), "change": change, **details},
            at,
        )
    )
    if access.acting_as is not ActingAs.OWNER:
        await audit_log.record(audit(access, actor, f"badge.{change}", at, details=details))
