"""Who may change a channel, and the trail every change leaves: the one helper that the
channel's and chat's writers share instead of each repeating authorize, audit, events, commit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from streamz.core.channels.access import ChannelAccess, audit, authorize, authorize_team
from streamz.core.channels.access import find_channel as _find_channel
from streamz.core.channels.entities import Channel
from streamz.core.channels.roles import Permission
from streamz.core.identity.entities import Principal, Scope
from streamz.core.shared.events import Event
from streamz.ports.channels import ChannelRepository
from streamz.ports.clock import Clock
from streamz.ports.team import AuditLog, ChannelRoleRepository
from streamz.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ChannelChanges:
    """A channel change from access check to commit.

    - ``authorize``: the channel, if the actor may change it with ``permission`` (the rules are
      in ``access.authorize``: owner, moderator holding the permission, API tokens with
      ``scope``, staff on the Admin API, the system). ``authorize_team``: for the team's reads.
    - ``commit``: the audit entry (who, acting as what, on whom, why, details) and the events
      go into the change's transaction, then the unit of work commits them all together.
      ``audited=False`` skips the entry (changes the owner makes where only others are
      audited).
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    audit_log: AuditLog
    uow: UnitOfWork
    clock: Clock

    async def find_channel(self, identifier: str) -> Channel:
        """For reads: the channel by id or slug, public to everyone (``ChannelNotFound``)."""
        return await _find_channel(self.channels, identifier)

    async def authorize(
        self,
        actor: Principal,
        identifier: str,
        *,
        permission: Permission | None,
        scope: Scope,
    ) -> ChannelAccess:
        return await authorize(
            self.channels, self.roles, actor, identifier, permission=permission, scope=scope
        )

    async def authorize_team(self, actor: Principal, identifier: str) -> ChannelAccess:
        return await authorize_team(self.channels, self.roles, actor, identifier)

    async def commit(
        self,
        access: ChannelAccess,
        actor: Principal,
        action: str,
        *,
        events: Sequence[Event] = (),
        target_account_id: uuid.UUID | None = None,
        details: dict[str, Any] | None = None,
        reason: str | None = None,
        audited: bool = True,
        at: datetime | None = None,
    ) -> None:
        """``at``: the time of the change (default: now), the audit entry's time."""
        if audited:
            entry = audit(
                access,
                actor,
                action,
                at or self.clock.now(),
                target_account_id=target_account_id,
                details=details,
                reason=reason,
            )
            await self.audit_log.record(entry)
        for event in events:
            self.uow.record(event)
        await self.uow.commit()
