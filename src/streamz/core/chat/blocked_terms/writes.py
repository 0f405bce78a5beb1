"""What every blocked-term write shares: who may write, and what a write leaves behind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from streamz.core.channels.access import ChannelAccess
from streamz.core.channels.changes import ChannelChanges
from streamz.core.channels.roles import Permission
from streamz.core.identity.entities import Principal, Scope
from streamz.core.shared.events import Event
from streamz.ports.blocked_terms import BlockedTermRepository
from streamz.ports.chat import ChatroomRepository

TERMS_UPDATED = "chatroom.blocked_terms_updated"
TERM_ADDED = "chat.blocked_term_added"
TERM_REMOVED = "chat.blocked_term_removed"


@dataclass(frozen=True, slots=True)
class TermsWrites:
    """Access checks and the trail of a blocked-term change.

    - Writers: the owner, a moderator with ``manage_terms_emotes``, API tokens of those with
      ``moderation:write``, staff on the Admin API (audited as staff), the system.
    - Every write bumps the channel's term-set version and records an audit entry and a
      ``chatroom.blocked_terms_updated`` event (chatroom, channel, version) so caches of
      compiled matchers can be dropped, all in the transaction of the change.
    """

    changes: ChannelChanges
    chatrooms: ChatroomRepository
    terms: BlockedTermRepository

    async def authorize(self, actor: Principal, identifier: str) -> ChannelAccess:
        return await self.changes.authorize(
            actor,
            identifier,
            permission=Permission.MANAGE_TERMS_EMOTES,
            scope=Scope.MODERATION_WRITE,
        )

    async def done(
        self, access: ChannelAccess, actor: Principal, action: str, details: dict[str, Any]
    ) -> int:
        """Bump the version, audit, announce, commit; the new version."""
        now = self.changes.clock.now()
        channel_id = access.channel.id
        version = await self.terms.bump(channel_id)
        chatroom = await self.chatrooms.by_channel(channel_id)
        payload = {
            "chatroom_id": str(chatroom.id) if chatroom else None,
            "channel_id": str(channel_id),
            "version": version,
        }
        event = Event(TERMS_UPDATED, str(channel_id), payload, now)
        await self.changes.commit(access, actor, action, events=[event], details=details, at=now)
        return version
