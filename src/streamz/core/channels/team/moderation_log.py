from __future__ import annotations

from dataclasses import dataclass

from streamz.core.channels.access import authorize_team
from streamz.core.channels.audit import AuditEntry
from streamz.core.identity.entities import Principal
from streamz.core.shared.pages import Page, check_limit, decode_id_cursor, encode_cursor
from streamz.ports.channels import ChannelRepository
from streamz.ports.team import AuditLog, ChannelRoleRepository


@dataclass(frozen=True, slots=True)
class ReadModerationLogRequest:
    actor: Principal
    channel: str  # channel id or slug
    limit: int = 20
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ReadModerationLog:
    """The channel's audit log, newest first: role changes, moderation, staff actions.

    - The owner, any moderator (whatever their permissions), staff on the Admin API and the
      system; anyone else: ``forbidden``. Unknown channel: ``channel-not-found``.
    - Cursor pagination.
    """

    channels: ChannelRepository
    roles: ChannelRoleRepository
    audit_log: AuditLog

    async def __call__(self, request: ReadModerationLogRequest) -> Page[AuditEntry]:
        limit = check_limit(request.limit)
        before = decode_id_cursor(request.after) if request.after is not None else None
        access = await authorize_team(self.channels, self.roles, request.actor, request.channel)
        rows = await self.audit_log.list_for(
            access.channel.id, actions=None, limit=limit + 1, before=before
        )
        page = rows[:limit]
        cursor = encode_cursor([str(page[-1].id)]) if len(rows) > limit else None
        return Page(page, cursor)
