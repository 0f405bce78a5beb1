"""What every badge change leaves behind: an outbox event, and an audit entry unless the
owner made it (staff on the Admin API, moderators, the system), committed with the change."""

from __future__ import annotations

from datetime import datetime

from streamz.core.channels.access import ChannelAccess
from streamz.core.channels.audit import ActingAs
from streamz.core.channels.badges.entities import UPDATED, Badge
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.roles import Permission
from streamz.core.identity.entities import Principal, Scope
from streamz.core.shared.events import Event


async def authorize(changes: ChannelChanges, actor: Principal, identifier: str) -> ChannelAccess:
    """Badge writers: the owner, a moderator with ``manage_settings``, staff on the Admin API,
    the system; API tokens need ``channel:write``."""
    return await changes.authorize(
        actor, identifier, permission=Permission.MANAGE_SETTINGS, scope=Scope.CHANNEL_WRITE
    )


async def commit(
    changes: ChannelChanges,
    access: ChannelAccess,
    actor: Principal,
    badge: Badge,
    change: str,  # "created" or "deleted"
    at: datetime,
) -> None:
    details = {"badge_id": str(badge.id), "months": badge.months}
    channel_id = str(badge.channel_id)
    event = Event(UPDATED, channel_id, {"channel_id": channel_id, "change": change, **details}, at)
    await changes.commit(
        access,
        actor,
        f"badge.{change}",
        events=[event],
        details=details,
        audited=access.acting_as is not ActingAs.OWNER,
        at=at,
    )
