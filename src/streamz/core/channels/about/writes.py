"""What every panel and link write shares: who may write, and what a write leaves behind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from streamz.core.channels.access import ChannelAccess, audit, authorize, find_channel
from streamz.core.channels.entities import Channel
from streamz.core.channels.roles import Permission
from streamz.core.identity.entities import Principal, Scope
from streamz.core.shared.events import Event
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.unit_of_work import UnitOfWork

PANELS_UPDATED = "channel.panels_updated"
LINKS_UPDATED = "channel.links_updated"


@dataclass(frozen=True, slots=True)
class ContentWrites:
    """Access checks and the trail of a content change (audit entry, outbox event, commit).

    - Writers: the owner, a moderator with ``manage_settings``, API tokens of those with
      ``channel:write``, staff on the Admin API, the system.
    - Every write records an audit entry (who, acting as what) and an event naming the
      channel, in the transaction of the change.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    audit_log: AuditLog
    uow: UnitOfWork
    clock: Clock

    async def channel(self, identifier: str) -> Channel:
        """For reads: the channel, public to everyone."""
        return await find_channel(self.channels, identifier)

    async def authorize(self, actor: Principal, identifier: str) -> ChannelAccess:
        return await authorize(
            self.channels,
            self.roles,
            actor,
            identifier,
            permission=Permission.MANAGE_SETTINGS,
            scope=Scope.CHANNEL_WRITE,
        )

    async def done(
        self,
        access: ChannelAccess,
        actor: Principal,
        action: str,
        topic: str,
        details: dict[str, Any],
    ) -> None:
        now = self.clock.now()
        channel_id = access.channel.id
        await self.audit_log.record(audit(access, actor, action, now, details=details))
        self.uow.record(Event(topic, str(channel_id), {"channel_id": str(channel_id)}, now))
        await self.uow.commit()
